import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { LOG_FILE } from '../../ports/log.js';
import { SyncService } from '../../service/service.js';
import { untilStopSignal } from '../../service/signals.js';
import type { CliContext } from '../context.js';
import { openCliLogger } from '../logger.js';
import { releaseStopSignals } from '../stop.js';

/** A stop that takes longer than this (a hung drive) exits anyway; SIGTERM senders wait about 10 s. */
const STOP_DEADLINE_MS = 9000;

/** runCommand runs the service until SIGINT/SIGTERM (SPEC §8 `run`): watchers, passes, schedules, health endpoint. */
export async function runCommand(ctx: CliContext, hint = ''): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const log = openCliLogger(config, false);
  let service: SyncService | undefined;
  try {
    service = await SyncService.open(config, log.withTag('service'));
    const running = service;
    // A signal may come at any moment, the first pass included: the stop aborts its copies.
    releaseStopSignals();
    const stopped = untilStopSignal().then((signal) => {
      ctx.out(`${signal}: stopping…\n`);
      setTimeout(() => {
        process.stderr.write(`syncwarden: the stop took over ${STOP_DEADLINE_MS / 1000} s; exiting anyway\n`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      return running.stop();
    });
    await running.start();
    if (running.stats.phase !== 'stopping') {
      const health = running.info.url ? `${running.info.url}/health  (also /status, /metrics)` : 'off (health.enabled is false)';
      ctx.out([
        `syncwarden is running: ${config.left} <-> ${config.right}`,
        ...(hint ? [hint] : []),
        `health: ${health}`,
        `log:    ${join(config.log.dir, LOG_FILE)}`,
        'Ctrl+C stops it.',
        '',
      ].join('\n'));
    }
    await stopped;
    ctx.out('stopped\n');
    return 0;
  } finally {
    await service?.stop();
    await log.close();
  }
}
