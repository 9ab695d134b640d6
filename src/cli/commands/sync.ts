import { loadConfig } from '../../config/load.js';
import { syncPass, type SyncReport } from '../../app/sync-pass.js';
import type { CliContext } from '../context.js';
import { renderCounts, renderFailures, renderPlan, renderProblems } from '../render.js';
import { openCliLogger } from '../logger.js';
import { progressReporter } from '../progress.js';
import { SafetyStop } from '../../model/errors.js';
import { notifyPass, notifySafetyStop, recordRunId } from '../../notify/notifier.js';

/** syncCommand runs one reconcile pass (or prints its plan with --dry-run). */
export async function syncCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const json = !!ctx.options.json;
  const log = openCliLogger(config, json);
  const progress = json || ctx.options.dryRun ? undefined : progressReporter();
  const run = recordRunId(log);
  try {
    const report = await syncPass(config, {
      dryRun: !!ctx.options.dryRun, force: !!ctx.options.force,
      paths: ctx.args.length ? ctx.args : undefined, log: run.log, onProgress: progress?.update,
    });
    progress?.stop();
    ctx.out(json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
    // After the output, so a slow mail server never delays what the admin sees; it cannot change the exit code.
    await notifyPass(config, report, { log: log.withTag('mail') });
    return report.exitCode;
  } catch (err) {
    // A dry run writes nothing, the outbox included.
    if (err instanceof SafetyStop && !ctx.options.dryRun) await notifySafetyStop(config, err, run.runId(), { log: log.withTag('mail') });
    throw err;
  } finally {
    progress?.stop();
    await log.close();
  }
}

function render(report: SyncReport): string {
  const parts: string[] = [];
  if (report.recovered) parts.push(`state file was unreadable (${report.recovered.reason}); set aside as ${report.recovered.setAsideAs}; this pass is a safe union\n`);
  if (report.dryRun) parts.push('dry run: nothing was changed\n', renderPlan(report.plan));
  parts.push(report.dryRun ? 'planned:\n' : 'done:\n', renderCounts(report.counts));
  if (report.problems.length) parts.push(`problems (${report.problems.length}):\n`, renderProblems(report.problems));
  parts.push(renderFailures(report.results));
  const open = report.conflicts.filter((c) => c.status === 'open').length;
  if (open) parts.push(`${open} open conflict(s): see syncwarden conflicts\n`);
  parts.push(`time: scan ${ms(report.ms.scan)}, plan ${ms(report.ms.plan)}, execute ${ms(report.ms.execute)}, total ${ms(report.ms.total)}\n`);
  return parts.join('');
}

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}
