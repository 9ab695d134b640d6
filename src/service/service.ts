import type { Config } from '../config/config.js';
import { SafetyStop } from '../model/errors.js';
import { parentKey, type Key } from '../model/key.js';
import { SIDES, type Side } from '../model/side.js';
import { Decider } from '../policy/evaluate.js';
import { loadPolicies } from '../policy/load.js';
import type { Logger } from '../ports/log.js';
import { nodeFsSides } from '../ports/node-fs.js';
import type { FsPort } from '../ports/fs.js';
import { StateStore } from '../state/store.js';
import { keysOfPaths } from '../app/paths.js';
import type { SyncReport } from '../app/sync-pass.js';
import type { ActionResult } from '../model/action.js';
import { DirtyPaths } from '../watch/debounce.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { endpointAccess, type Access } from './http-access.js';
import { Reconciler, touchedPaths, type ReconcilerDeps } from './passes.js';
import { ConfigReloader } from './reload.js';
import { RootGate } from './roots.js';
import { MailQueue } from './mail-queue.js';
import { checkCrons, startSchedules, type Schedules } from './schedules.js';
import { ownServiceInfo, removeServiceFile, writeServiceFile, type ServiceInfo } from './service-file.js';
import { ServiceStats } from './stats.js';
import { TokenBucket } from './token-bucket.js';
import { serviceViews, type Views } from './views.js';
import { WatchSet } from './watchers.js';
import { webRoutes } from './web-routes.js';

const ROOT_RETRY_MS = 2000;
const RETRY_MIN_MS = 30_000;
const RETRY_MAX_MS = 600_000;
/** How long a stop waits for mail already being sent (the outbox keeps the rest for the next start). */
const MAIL_GRACE_MS = 3000;

/**
 * SyncService is `syncwarden run`: it holds the state (and its lock) for its whole life, scans both roots once,
 * then keeps them in sync from watcher events through incremental passes of the one-shot pass code, with full
 * rescans and trash purges on schedule, one bandwidth limit for every copy, and a health/status endpoint.
 * Passes never overlap: one loop runs them, each after checking that both roots can be listed.
 */
export class SyncService {
  readonly stats = new ServiceStats();
  readonly bucket: TokenBucket;
  readonly dirty: DirtyPaths;
  info: ServiceInfo = ownServiceInfo(this.stats.startedAt);
  private readonly abort = new AbortController();
  private readonly reconciler: Reconciler;
  private readonly watchers: WatchSet;
  private readonly views: Views;
  private health: HealthServer | null = null;
  private schedules: Schedules | null = null;
  private stopping: Promise<void> | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private watching = false;
  private needFull = true;
  private purgeNext = true;
  private takeAll = false;
  private readonly rescans = new Set<Side>();
  private readonly roots: RootGate;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly mail: MailQueue;
  private waiters: ((report: SyncReport | null) => void)[] = [];
  private dirtyDue = false;
  private firstStep: (() => void) | null = null;
  /** The edited config and policies, applied between passes (reload.ts); the passes' deps hold the decider it swaps. */
  private readonly reload: ConfigReloader;
  private readonly passDeps: ReconcilerDeps;
  /** Work that must not overlap a pass (a resolve from the page): run by the loop between passes. */
  private jobs: { run: () => Promise<void>; cancel: (err: Error) => void }[] = [];
  private readonly access: Access;
  private readonly fs: Record<Side, FsPort>;

  private constructor(readonly config: Config, private readonly store: StateStore, private readonly log: Logger) {
    // Before anything runs: a non-loopback endpoint without its token is a config error (exit 2).
    this.access = config.health.enabled ? endpointAccess(config) : { token: null };
    this.bucket = new TokenBucket(config.transfer.maxBytesPerSecond);
    const fs = nodeFsSides({ throttle: (n, signal) => this.bucket.take(n, signal), signal: this.abort.signal });
    this.fs = fs;
    const decider = new Decider(loadPolicies(config.policies.dir, config), config);
    this.reconciler = new Reconciler(this.passDeps = {
      config, store, decider, fs, signal: this.abort.signal, stats: this.stats, log,
      // A background copy settled: the next batch re-reads what it touched and checks its key again.
      onLaneSettled: (results) => this.reread(results),
    });
    this.mail = new MailQueue(config, log.withTag('mail'));
    this.roots = new RootGate({ left: config.left, right: config.right }, (trouble) => {
      this.log.error(`${trouble.message}: nothing is synced until it is back`);
      this.stats.lastStop = { at: new Date().toISOString(), path: config[trouble.side], code: trouble.reason, message: trouble.message };
      this.mail.stop(new SafetyStop(trouble.reason, trouble.message, { side: trouble.side, path: config[trouble.side] }));
    });
    // Read at each use: watch.debounceMs is applied live.
    this.dirty = new DirtyPaths({ get debounceMs() { return config.watch.debounceMs; }, get maxWaitMs() { return Math.max(2000, 5 * config.watch.debounceMs); }, onReady: () => this.poke() });
    this.reload = new ConfigReloader(config, log.withTag('config'), () => this.poke());
    this.watchers = new WatchSet({
      config, log, stats: this.stats,
      onPath: (side, rel, subtree) => (this.stats.event(side), this.dirty.mark(side, rel, subtree)),
      onRoot: () => this.poke(),
      onRescan: (side) => (this.rescans.add(side), this.poke()),
    });
    this.views = serviceViews({ config, store, stats: this.stats, dirty: this.dirty, bucket: this.bucket, lane: this.reconciler.lane, resync: (paths) => this.resync(paths), reload: () => this.reload.status() });
  }

  /** routes are everything the endpoint serves: /health, /status, /metrics, /resync and the page's /api/*. */
  private routes() {
    const web = webRoutes({
      config: this.config, store: this.store, log: this.log, fs: this.fs, status: () => this.views.status(),
      exclusive: (fn) => this.exclusive(fn), settled: (results) => this.reread(results), touched: (side, rel) => this.dirty.mark(side, rel),
    });
    return { ...this.views.routes, ...web };
  }

  /** exclusive runs `fn` in the service's loop between passes (never during one), as soon as the running pass ends. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new Error('the service is stopping'));
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ run: () => fn().then(resolve, reject), cancel: reject });
      this.poke();
    });
  }

  /** reread marks dirty what actions outside a pass touched (a large copy, a resolve), so the listings learn it. */
  private reread(results: readonly ActionResult[]): void {
    for (const p of touchedPaths(results)) this.dirty.mark(p.side, p.rel, p.subtree);
    for (const { action: a } of results) if (a.kind === 'copy') this.dirty.mark(a.from, a.srcRel);
  }

  /** open checks the schedules and opens the state, taking its lock for the service's whole life; nothing runs yet. */
  static async open(config: Config, log: Logger): Promise<SyncService> {
    checkCrons(config);
    const store = await StateStore.open(config.stateDir, { flushIntervalMs: 5000, log });
    try {
      return new SyncService(config, store, log);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /**
   * start runs the endpoint, the schedules and the loop, and resolves once the first pass is done (or could not
   * run: a missing root or a safety stop keeps the service waiting, /health answering 503), or the service stopped.
   */
  async start(): Promise<void> {
    if (this.config.health.enabled) {
      this.health = await startHealthServer(this.config.health.host, this.config.health.port, this.routes(), this.access);
      this.info = { ...this.info, url: this.health.url, port: this.health.port };
    }
    writeServiceFile(this.config.stateDir, this.info);
    this.armSchedules();
    this.reload.start();
    const first = new Promise<void>((resolve) => (this.firstStep = resolve));
    this.loopDone = this.loop();
    await first;
  }

  /** stop ends the service cleanly: copies in flight are aborted (their temp files removed), then everything is closed. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** resync re-reads the given paths on both sides now (the watcher may have missed them) and waits for the pass. */
  async resync(paths: string[]): Promise<{ paths: string[]; pass: SyncReport['counts'] | null; runId: string | null }> {
    const keys = keysOfPaths(paths, this.config);
    const down = [this.stats.roots.left, this.stats.roots.right].find((t) => t);
    if (down) throw new Error(`${down.message}: nothing can be resynced until it is back`);
    for (const key of keys) this.markKnown(key);
    this.takeAll = true;
    const report = await new Promise<SyncReport | null>((resolve) => {
      this.waiters.push(resolve);
      this.poke();
    });
    return { paths, pass: report?.counts ?? null, runId: report?.runId ?? null };
  }

  private async runJobs(): Promise<void> {
    for (const job of this.jobs.splice(0)) await job.run();
  }

  /** markKnown marks a key dirty on both sides through its nearest folder the listings know (a full pass for the root). */
  private markKnown(key: Key): void {
    for (let k = key; ; k = parentKey(k)) {
      if (k === '') return void (this.needFull = true);
      const rel = this.reconciler.relOf(k);
      if (rel === undefined) continue;
      for (const side of SIDES) this.dirty.mark(side, rel, true);
      return;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        // Before the roots wait: a restore or resolve checks the roots itself and says why it cannot run.
        await this.runJobs();
        await this.step();
      } catch (err) {
        this.failed(err);
      }
      this.firstStep?.();
      this.firstStep = null;
      // Never a microtask-only loop: timers, watcher events and HTTP requests get their turn between steps.
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.stopping && !this.hasWork()) await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.answer(null);
    for (const job of this.jobs.splice(0)) job.cancel(new Error('the service is stopping'));
  }

  private answer(report: SyncReport | null): void {
    for (const w of this.waiters.splice(0)) w(report);
  }

  private hasWork(): boolean {
    return this.jobs.length > 0 || this.needFull || this.rescans.size > 0 || this.takeAll || (this.dirty.size > 0 && this.dirtyDue) || this.reload.due;
  }

  private poke(): void {
    this.dirtyDue = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async step(): Promise<void> {
    // Between two passes, never inside one: a checked config edit takes effect here.
    this.reload.applyDue({ decider: (decider) => (this.passDeps.decider = decider), schedules: () => this.armSchedules() });
    if (!(await this.rootsReady())) return;
    // Only the resyncs asked before this step are answered by its pass (whatever it ends with).
    const asked = this.waiters.splice(0);
    let report: SyncReport | null = null;
    try {
      report = this.needFull ? await this.fullPass() : await this.batchPass();
    } finally {
      for (const w of asked) w(report);
    }
  }

  /** fullPass rescans both roots and reconciles everything; it covers whatever was queued. */
  private async fullPass(): Promise<SyncReport> {
    this.needFull = false;
    this.takeAll = false;
    this.dirty.clear();
    this.rescans.clear();
    this.stats.phase = 'scanning';
    const report = await this.reconciler.full(this.purgeNext);
    this.purgeNext = false;
    this.stats.lastStop = null;
    this.retryMs = RETRY_MIN_MS;
    this.stats.phase = 'watching';
    this.passed(report, true);
    return report;
  }

  /** batchPass lists again the sides due for it, then reconciles the paths that went quiet. */
  private async batchPass(): Promise<SyncReport | null> {
    for (const side of [...this.rescans]) {
      this.rescans.delete(side);
      const report = await this.reconciler.rescanSide(side);
      if (report) this.passed(report, false);
    }
    this.dirtyDue = false;
    const batch = this.dirty.take(this.takeAll);
    this.takeAll = false;
    const report = batch.length ? await this.reconciler.incremental(batch) : null;
    if (report) this.passed(report, false);
    return report;
  }

  /** rootsReady checks both roots before any pass; a root that failed and came back gets a fresh watcher and a full pass. */
  private async rootsReady(): Promise<boolean> {
    const { ok, troubles, back } = this.roots.check(this.reconciler.baseHasFiles);
    this.stats.roots = troubles;
    for (const side of back) {
      this.log.info(`${side} root ${this.config[side]} is back; rescanning`);
      this.needFull = true;
      if (this.watching) await this.watchers.restart(side);
    }
    if (!ok) {
      // Only the retry timer wakes the loop now: events keep arriving from a vanished root.
      this.dirtyDue = false;
      this.stats.phase = 'waitingForRoots';
      this.later(ROOT_RETRY_MS, () => this.poke());
      return false;
    }
    if (!this.watching) {
      await this.watchers.start();
      this.watching = true;
    }
    return true;
  }

  /** passed logs a pass that did something and mails as `email.mode` says: every full pass, an incremental one only for conflicts or failures. */
  private passed(report: SyncReport, full: boolean): void {
    if (report.plan.length) this.log.info(`pass ${report.runId}: ${JSON.stringify(report.counts)} in ${Math.round(report.ms.total)} ms`);
    if (full || report.conflicts.length || report.exitCode !== 0) this.mail.pass(report);
  }

  private failed(err: unknown): void {
    if (this.stopping) return;
    const stop = err instanceof SafetyStop;
    const message = (err as Error)?.message ?? String(err);
    this.stats.lastStop = { at: new Date().toISOString(), path: '', code: stop ? err.reason : 'error', message };
    this.stats.failure(this.stats.lastStop);
    this.log.error(`${stop ? 'safety stop' : 'pass failed'}: ${message}; full rescan in ${Math.round(this.retryMs / 1000)} s`, { err });
    if (stop) this.mail.stop(err);
    this.later(this.retryMs, () => ((this.needFull = true), this.poke()));
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private later(ms: number, fn: () => void): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => ((this.retryTimer = null), fn()), ms);
  }

  /** armSchedules (re)starts the timed jobs from the config in force (at start, and after a live edit of them). */
  private armSchedules(): void {
    this.schedules?.stop();
    this.schedules = startSchedules(this.config, {
      fullRescan: () => ((this.needFull = true), this.poke()),
      purge: () => ((this.needFull = this.purgeNext = true), this.poke()),
      rate: (rate) => this.setRate(rate),
    });
  }

  private setRate(rate: number): void {
    if (rate !== this.bucket.rate) this.log.info(`bandwidth limit: ${rate ? `${rate} bytes/s` : 'unlimited'}`);
    this.bucket.setRate(rate);
  }

  private async shutdown(): Promise<void> {
    this.stats.phase = 'stopping';
    this.abort.abort(new Error('the service is stopping'));
    this.poke();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.schedules?.stop();
    this.reload.close();
    await this.loopDone.catch(() => undefined);
    await this.reconciler.lane.drain();
    this.firstStep?.();
    this.dirty.close();
    await this.watchers.close();
    await this.health?.close();
    removeServiceFile(this.config.stateDir);
    await this.mail.drain(MAIL_GRACE_MS);
    await this.store.close();
  }
}
