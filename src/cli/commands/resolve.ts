import { keysOfPaths } from '../../app/paths.js';
import { resolveConflict, resolveRunId, type Keep, type ResolveOutcome } from '../../app/resolve.js';
import { failureCause } from '../../app/audit.js';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../model/errors.js';
import { clientToken } from '../../service/http-access.js';
import { askService, readServiceFile } from '../../service/service-file.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { serviceRefusal } from '../service-refusal.js';
import { openCliLogger } from '../logger.js';
import { describeAction } from '../render.js';

/** A resolve through the service waits for the pass in progress to end first. */
const RESOLVE_WAIT_MS = 30 * 60_000;

/** resolveCommand settles one open conflict: keep left, right, or both (clash files as option 1). */
export async function resolveCommand(ctx: CliContext): Promise<number> {
  const keep = ctx.options.keep;
  if (keep !== 'left' && keep !== 'right' && keep !== 'both') {
    throw new InputError([{ file: '(command line)', field: '--keep', expected: 'left, right or both', found: String(keep ?? 'nothing') }]);
  }
  const config = loadConfig(ctx.configFile);
  const path = ctx.args[0];
  keysOfPaths([path], config);
  // A running service holds the state: it settles the conflict between two of its passes.
  const answer = await askService(config.stateDir, '/api/resolve', { method: 'POST', body: { path, keep }, timeoutMs: RESOLVE_WAIT_MS, token: clientToken(config) });
  if (answer) return fromService(ctx, answer.status, answer.body as Record<string, unknown>, keep as Keep);
  const running = readServiceFile(config.stateDir);
  if (running) {
    process.stderr.write(`a service runs (pid ${running.pid}) ${running.url ? 'but did not answer' : 'without its endpoint (health.enabled is false)'}; cannot resolve through it (stop it, or enable health)\n`);
    return EXIT.actionsFailed;
  }
  const log = openCliLogger(config, !!ctx.options.json);
  try {
    return show(ctx, await log.runWith(resolveRunId(), () => resolveConflict(config, path, keep as Keep, log)), keep as Keep, 'directly');
  } finally {
    await log.close();
  }
}

function fromService(ctx: CliContext, status: number, body: Record<string, unknown>, keep: Keep): number {
  const refused = serviceRefusal(status, body, 'resolve');
  if (refused !== null) return refused;
  return show(ctx, body as unknown as ResolveOutcome, keep, 'service');
}

function show(ctx: CliContext, outcome: ResolveOutcome, keep: Keep, through: 'service' | 'directly'): number {
  if (ctx.options.json) ctx.out(`${JSON.stringify({ through, ...outcome }, null, 2)}\n`);
  else {
    for (const r of outcome.results) ctx.out(`${r.ok ? 'done  ' : 'FAILED'} ${describeAction(r.action)}${r.ok ? '' : `: ${failureCause(r.code, r.message)}`}\n`);
    ctx.out(outcome.ok ? `settled: ${outcome.conflict.left.rel ?? outcome.conflict.right.rel ?? outcome.conflict.key} (kept ${keep})\n` : 'not settled: the conflict stays open; fix the cause and try again\n');
  }
  return outcome.ok ? EXIT.ok : EXIT.actionsFailed;
}
