import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { EventLog, withEventLog } from '../../ports/event-log.js';
import { LOG_FILE } from '../../ports/log.js';
import { SyncService } from '../../service/service.js';
import { untilStopSignal } from '../../service/signals.js';
import type { CliContext } from '../context.js';
import { openCliLogger } from '../logger.js';
import { releaseStopSignals } from '../stop.js';

/** A stop that takes longer than this (a hung drive) exits anyway; SIGTERM senders wait about 10 s. */
const STOP_DEADLINE_MS = 9000;
/** How long a stop waits for its own Event Log entry. */
const EVENT_GRACE_MS = 3000;

/** runCommand runs the service until SIGINT/SIGTERM (SPEC §8 `run`): watchers, passes, schedules, health endpoint. */
export async function runCommand(ctx: CliContext, hint = ''): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const log = openCliLogger(config, false);
  // log.eventLog is read at each entry (it is applied live); on other systems there is no Event Log.
  const events = process.platform === 'win32' ? new EventLog({ enabled: () => config.log.eventLog, onFailure: (m) => log.warn(`event log: ${m}`) }) : null;
  if (!events && config.log.eventLog) log.info(`log.eventLog is Windows-only: no Event Log entries on ${process.platform}`);
  let service: SyncService | undefined;
  let signal = '';
  try {
    service = await SyncService.open(config, (events ? withEventLog(log, events) : log).withTag('service'));
    const running = service;
    // A signal may come at any moment, the first pass included: the stop aborts its copies.
    releaseStopSignals();
    const stopped = untilStopSignal().then((s) => {
      signal = s;
      ctx.out(`${signal}: stopping…\n`);
      setTimeout(() => {
        process.stderr.write(`syncwarden: the stop took over ${STOP_DEADLINE_MS / 1000} s; exiting anyway\n`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      return running.stop();
    });
    await running.start();
    if (running.stats.phase !== 'stopping') {
      events?.write('start', `syncwarden started (pid ${process.pid}): ${config.left} <-> ${config.right}, config ${config.file}`);
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
  } catch (err) {
    events?.write('error', `syncwarden run stopped on an error: ${(err as Error)?.message ?? String(err)}`);
    throw err;
  } finally {
    await service?.stop();
    events?.write('stop', `syncwarden stopped (pid ${process.pid})${signal ? ` by ${signal}` : ''}`);
    await events?.drain(EVENT_GRACE_MS);
    await log.close();
  }
}
