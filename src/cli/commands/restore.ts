import { auditStop } from '../../app/audit.js';
import { loadConfig } from '../../config/load.js';
import { InputError, SafetyStop } from '../../model/errors.js';
import { clientToken } from '../../service/http-access.js';
import { askService, readServiceFile } from '../../service/service-file.js';
import { localTime } from '../../text/units.js';
import { restoreVersion, type RestoreOutcome, type RestoreTarget } from '../../versions/index.js';
import { keyOfPath } from '../../versions/list.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { serviceRefusal } from '../service-refusal.js';
import { openCliLogger } from '../logger.js';

/** A restore through the service waits for the pass in progress to end first. */
const RESTORE_WAIT_MS = 30 * 60_000;

/**
 * restoreCommand brings a version back from the trash: through the running service when there is one (it holds
 * the state), else directly under the state lock, as a pass would.
 */
export async function restoreCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const path = ctx.args[0];
  keyOfPath(config, path);
  const to = ctx.options.to;
  if (to !== undefined && to !== 'left' && to !== 'right' && to !== 'both') {
    throw new InputError([{ file: '(command line)', field: '--to', expected: 'left, right or both', found: String(to) }]);
  }
  const version = ctx.options.version === undefined || ctx.options.version === true ? undefined : String(ctx.options.version);
  if (ctx.options.version === true) throw new InputError([{ file: '(command line)', field: '--version', expected: 'a version id or time (see syncwarden versions PATH)', found: 'nothing' }]);
  const opts = { ...(version !== undefined ? { version } : {}), ...(to !== undefined ? { to: to as RestoreTarget } : {}), dryRun: !!ctx.options.dryRun };
  const json = !!ctx.options.json;
  const answer = await askService(config.stateDir, '/restore', { method: 'POST', body: { path, ...opts }, timeoutMs: RESTORE_WAIT_MS, token: clientToken(config) });
  if (answer) return fromService(ctx, answer.status, answer.body as Record<string, unknown>);
  const running = readServiceFile(config.stateDir);
  if (running) {
    process.stderr.write(`a service runs (pid ${running.pid}) ${running.url ? 'but did not answer' : 'without its endpoint (health.enabled is false)'}; cannot restore through it (stop it, or enable health)\n`);
    return EXIT.actionsFailed;
  }
  const log = openCliLogger(config, json);
  try {
    const outcome = await restoreVersion({ config, log }, path, opts).catch((err: unknown) => {
      if (err instanceof SafetyStop) auditStop(log, err, opts.dryRun);
      throw err;
    });
    return show(ctx, outcome, 'directly');
  } finally {
    await log.close();
  }
}

function fromService(ctx: CliContext, status: number, body: Record<string, unknown>): number {
  const refused = serviceRefusal(status, body, 'restore');
  if (refused !== null) return refused;
  return show(ctx, body as unknown as RestoreOutcome, 'service');
}

function show(ctx: CliContext, outcome: RestoreOutcome, through: 'service' | 'directly'): number {
  if (ctx.options.json) {
    ctx.out(`${JSON.stringify({ through, ...outcome }, null, 2)}\n`);
    return outcome.ok ? EXIT.ok : EXIT.actionsFailed;
  }
  const v = outcome.version;
  ctx.out(`version ${v.id}: ${v.side}'s ${v.path} as it was ${v.reason} on ${localTime(v.ts)}${outcome.dryRun ? ' (dry run: nothing changed)' : ''}\n`);
  for (const s of outcome.steps) {
    const was = s.previous !== 'trash' ? '' : s.trashedTo ? `; what was there is now in ${s.trashedTo}` : '; what is there goes to the trash';
    const verb = { restored: 'restored', same: 'already there', failed: 'FAILED  ', planned: 'would restore' }[s.outcome];
    ctx.out(`${verb} ${s.side} ${s.path}${s.outcome === 'same' ? ' (same size and time: nothing written)' : was}${s.error ? `: ${s.error.message}` : ''}\n`);
  }
  if (!outcome.dryRun && outcome.ok && outcome.steps.some((s) => s.outcome === 'restored')) {
    ctx.out(through === 'service' ? 'the running service syncs it like any edit\n' : 'the next pass syncs it like any edit (syncwarden sync, or the service)\n');
  }
  return outcome.ok ? EXIT.ok : EXIT.actionsFailed;
}
