import { loadConfig } from '../../config/load.js';
import { syncPass, type SyncReport } from '../../app/sync-pass.js';
import type { CliContext } from '../context.js';
import { renderCounts, renderFailures, renderPlan, renderProblems } from '../render.js';
import { openCliLogger } from '../logger.js';
import { progressReporter } from '../progress.js';
import type { ActionResult, DeleteAction } from '../../model/action.js';
import { SafetyStop } from '../../model/errors.js';
import type { Recovery } from '../../state/types.js';
import { humanSize } from '../../text/units.js';
import { jsonChunks } from '../json-out.js';
import { recordRunId } from '../run-id.js';

// Mail is loaded only when email is on: the notifier does nothing otherwise, and its 11 modules cost every pass.
const notifier = () => import('../../notify/notifier.js');

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
      // Only the JSON report prints what each action left on disk.
      keepObserved: json,
    });
    progress?.stop();
    if (json) {
      // In pieces: at 90k files the whole text was over 100 MB next to the report it came from.
      for (const piece of jsonChunks(report)) ctx.out(piece);
      ctx.out('\n');
    } else ctx.out(render(report));
    // After the output, so a slow mail server never delays what the admin sees; it cannot change the exit code.
    if (config.email.enabled) await (await notifier()).notifyPass(config, report, { log: log.withTag('mail') });
    return report.exitCode;
  } catch (err) {
    // A dry run writes nothing, the outbox included.
    if (err instanceof SafetyStop && !ctx.options.dryRun && config.email.enabled) await (await notifier()).notifySafetyStop(config, err, run.runId(), { log: log.withTag('mail') });
    throw err;
  } finally {
    progress?.stop();
    await log.close();
  }
}

function render(report: SyncReport): string {
  const parts: string[] = [];
  if (report.recovered) parts.push(`${recoveredWords(report.recovered)}\n`);
  if (report.dryRun) parts.push('dry run: nothing was changed\n', renderPlan(report.plan));
  parts.push(report.dryRun ? 'planned:\n' : 'done:\n', renderCounts(report.counts));
  if (!report.dryRun) parts.push(renderForGood(report.results));
  if (report.problems.length) parts.push(`problems (${report.problems.length}):\n`, renderProblems(report.problems));
  parts.push(renderFailures(report.results));
  const open = report.conflicts.filter((c) => c.status === 'open').length;
  if (open) parts.push(`${open} open conflict(s): see syncwarden conflicts\n`);
  parts.push(`time: scan ${ms(report.ms.scan)}, plan ${ms(report.ms.plan)}, execute ${ms(report.ms.execute)}, total ${ms(report.ms.total)}\n`);
  return parts.join('');
}

/** recoveredWords says what happened to an unreadable state file, and what the pass does about it. */
function recoveredWords(r: Recovery): string {
  const where = r.setAsideAs ? `set aside as ${r.setAsideAs}` : 'left where it is (a dry run touches nothing)';
  return `state file was unreadable (${r.reason}: ${r.detail}); ${where}; this pass is a safe union that deletes nothing`;
}

const LISTED = 50;

// A file deleted for good has no copy in the trash: the summary names each one, not only the dry run.
function renderForGood(results: readonly ActionResult[]): string {
  const gone = results.filter((r) => r.ok && r.action.kind === 'delete' && !r.action.trash).map((r) => r.action as DeleteAction);
  if (!gone.length) return '';
  const lines = gone.slice(0, LISTED).map((a) => `  ${a.side}  ${a.rel}${a.expect ? `  (${humanSize(a.expect.size)})` : ''}\n`);
  if (gone.length > LISTED) lines.push(`  … and ${gone.length - LISTED} more: syncwarden history --action delete\n`);
  return `deleted for good (not kept in the trash):\n${lines.join('')}`;
}

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}
