import type { Config } from '../config/config.js';
import { SIDES, type Side } from '../model/side.js';
import type { Logger } from '../ports/log.js';
import { compileIgnore, ignoreSpecOf } from '../scan/ignore.js';
import { backendFor, watchSide, type SideWatcher } from '../watch/watcher.js';
import type { ServiceStats, WatchMode } from './stats.js';

/** How long a canary's event may take before a side is polled too (chokidar at 90k files on a loaded machine needed over 3 s). */
const SELF_TEST_MS = 10_000;

export interface WatchSetOptions {
  config: Config;
  log: Logger;
  stats: ServiceStats;
  onPath: (side: Side, rel: string, subtree: boolean) => void;
  onRoot: (side: Side, present: boolean) => void;
  /** The side must be listed anew: a poll is due, or its watcher failed. */
  onRescan: (side: Side) => void;
}

/**
 * WatchSet watches both roots as `watch.*` says: file-system events where a self-test proves they arrive,
 * otherwise (or with `watch.right: 'poll'`) also a rescan of that side every `watch.pollIntervalSec`; `off` leaves
 * a side to the full-rescan schedule. A watcher error asks for a rescan of its side, never silence.
 */
export class WatchSet {
  private readonly watchers: Partial<Record<Side, SideWatcher>> = {};
  private readonly timers: Partial<Record<Side, NodeJS.Timeout>> = {};

  constructor(private readonly opts: WatchSetOptions) {}

  /** start sets up both sides (resolves when their watchers are ready and self-tested). */
  async start(): Promise<void> {
    await Promise.all(SIDES.map((side) => this.startSide(side)));
  }

  /** restart closes and sets up one side again (its root went away and came back). */
  async restart(side: Side): Promise<void> {
    await this.stopSide(side);
    await this.startSide(side);
  }

  /** close stops every watcher and poll timer. */
  async close(): Promise<void> {
    await Promise.all(SIDES.map((side) => this.stopSide(side)));
  }

  private async startSide(side: Side): Promise<void> {
    const { config, log, stats } = this.opts;
    const wanted = wantedMode(config, side);
    if (wanted === 'poll') return this.poll(side, 'watch.right is poll');
    if (wanted === 'off') return void (stats.watch[side] = 'off');
    const t0 = performance.now();
    const watcher = await watchSide({
      side, root: config[side], ignore: compileIgnore(ignoreSpecOf(config)),
      onPath: (rel, subtree) => this.opts.onPath(side, rel, subtree),
      onRoot: (present) => this.opts.onRoot(side, present),
      onError: (err) => this.failed(side, err),
    }, config.watch.backend);
    this.watchers[side] = watcher;
    stats.watchSetupMs[side] = performance.now() - t0;
    const works = await watcher.selfTest(SELF_TEST_MS).catch(() => false);
    if (works) {
      stats.watch[side] = 'events';
      log.info(`watching ${side} (${config[side]}) by file-system events (${backendFor(config.watch.backend)}, ready in ${Math.round(stats.watchSetupMs[side])} ms)`);
      return;
    }
    // The watcher stays: events that do arrive still count; the poll is the floor under them.
    this.poll(side, `no file-system event reached the ${side} watcher within ${SELF_TEST_MS / 1000} s of a test write (events still count when they come)`);
  }

  private poll(side: Side, why: string): void {
    const { config, log, stats } = this.opts;
    stats.watch[side] = 'poll';
    log.warn(`polling ${side} (${config[side]}) every ${config.watch.pollIntervalSec} s: ${why}`);
    this.timers[side] = setInterval(() => this.opts.onRescan(side), config.watch.pollIntervalSec * 1000);
  }

  private failed(side: Side, err: Error): void {
    this.opts.log.error(`the ${side} watcher failed (${err.message}); rescanning ${side}`, { err });
    this.opts.stats.watcherErrors.push({ at: new Date().toISOString(), path: '', code: (err as NodeJS.ErrnoException).code ?? 'watchError', message: err.message });
    this.opts.onRescan(side);
  }

  private async stopSide(side: Side): Promise<void> {
    clearInterval(this.timers[side]);
    delete this.timers[side];
    const w = this.watchers[side];
    delete this.watchers[side];
    await w?.close();
  }
}

function wantedMode(config: Config, side: Side): WatchMode {
  if (!config.watch.enabled) return 'off';
  return side === 'right' ? config.watch.right : 'events';
}
