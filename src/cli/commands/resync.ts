import { keysOfPaths } from '../../app/paths.js';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../model/errors.js';
import { clientToken } from '../../service/http-access.js';
import { askService, readServiceFile } from '../../service/service-file.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';
import { renderCounts } from '../render.js';
import { syncCommand } from './sync.js';

/** A resync of a large folder through the service may take this long before the command gives up waiting. */
const RESYNC_WAIT_MS = 30 * 60_000;

/** resyncCommand reprocesses paths now: through the running service when there is one, else as `sync PATH…`. */
export async function resyncCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  if (!ctx.args.length) throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'one or more paths to reprocess (relative to the roots, or absolute under either)' }]);
  keysOfPaths(ctx.args, config);
  const answer = await askService(config.stateDir, '/resync', { method: 'POST', body: { paths: ctx.args }, timeoutMs: RESYNC_WAIT_MS, token: clientToken(config) });
  if (answer) {
    const body = answer.body as { error?: string; pass?: Record<string, number> | null; runId?: string | null };
    if (answer.status === 400) throw new InputError([{ file: '(command line)', field: 'PATH', expected: body.error ?? 'a valid path' }]);
    if (answer.status !== 200) {
      process.stderr.write(`the service could not resync: ${body.error ?? answer.status}\n`);
      return EXIT.actionsFailed;
    }
    if (ctx.options.json) ctx.out(`${JSON.stringify({ through: 'service', ...body }, null, 2)}\n`);
    else ctx.out(`resynced through the running service${body.runId ? ` (pass ${body.runId})` : ''}\n${body.pass ? renderCounts(body.pass) : 'nothing to do\n'}`);
    return EXIT.ok;
  }
  const running = readServiceFile(config.stateDir);
  if (running) {
    process.stderr.write(`a service runs (pid ${running.pid}) ${running.url ? 'but did not answer' : 'without its endpoint (health.enabled is false)'}; cannot resync through it\n`);
    return EXIT.actionsFailed;
  }
  return syncCommand(ctx);
}
