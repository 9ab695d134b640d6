import type { Config } from '../config/config.js';
import { MIB } from '../config/config.js';
import type { ActionResult, CopyAction } from '../model/action.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import { other, SIDES, type Side } from '../model/side.js';
import type { Decider } from '../policy/evaluate.js';
import type { FsPort } from '../ports/fs.js';
import type { Logger } from '../ports/log.js';
import { scanBoth, scanOptionsOf, scanSide } from '../scan/scanner.js';
import type { StateStore } from '../state/store.js';
import { executeAndCommit } from '../app/execute.js';
import { recordOutcome } from '../app/incidents.js';
import { newRunId, passOnStore, type SyncReport } from '../app/sync-pass.js';
import { holdAfterScan } from '../app/test-hold.js';
import { LargeLane } from './large-lane.js';
import type { DirtyPath } from '../watch/debounce.js';
import { Listing } from './listing.js';
import { diffTrees } from './tree-diff.js';
import type { PassKind, ServiceStats } from './stats.js';

/** ReconcilerDeps are what every service pass shares: the open state, the policies, the copy port, the stats. */
export interface ReconcilerDeps {
  /** A background copy settled: these are its results (the paths it touched need re-reading). */
  onLaneSettled: (results: ActionResult[]) => void;
  config: Config;
  store: StateStore;
  decider: Decider;
  fs: Record<Side, FsPort>;
  signal: AbortSignal;
  stats: ServiceStats;
  log: Logger;
}

/**
 * Reconciler runs the service's passes through the one-shot pass code (passOnStore): a full pass over fresh
 * listings, or an incremental one over the keys a batch of events touched, read against both whole listings
 * kept in memory. After each pass it re-reads what the pass changed, so the listings stay true even when a
 * side raises no events.
 */
export class Reconciler {
  private listings: Record<Side, Listing> | null = null;
  /** Copies above transfer.largeFileMB, run in the background so they never hold up the passes after them. */
  readonly lane: LargeLane;

  constructor(private readonly deps: ReconcilerDeps) {
    const { config, store, fs, signal, stats, log } = deps;
    const large = config.transfer.largeFileMB * MIB;
    const copy = (job: { action: CopyAction; fact: PathFact }) => executeAndCommit(
      [job.action], new Map([[job.action.key, job.fact]]), store, config, new Date(),
      { onProgress: (r) => stats.settled(r, large), log: log.withTag('execute'), fs, signal },
    );
    this.lane = new LargeLane((job) => log.runWith(newRunId(new Date()), () => copy(job)), deps.onLaneSettled);
  }

  /** full scans both roots and reconciles everything (start, the rescan schedule, a root that came back). */
  async full(purge: boolean): Promise<SyncReport> {
    const { config } = this.deps;
    const t0 = performance.now();
    const scanned = await scanBoth(config);
    if (this.listings) for (const side of SIDES) this.listings[side].replace(scanned[side]);
    else this.listings = { left: new Listing('left', scanOptionsOf(config, 'left'), scanned.left), right: new Listing('right', scanOptionsOf(config, 'right'), scanned.right) };
    return this.pass('full', undefined, t0, purge, scanned);
  }

  /** incremental re-reads the dirty paths, then reconciles the keys they touched (and `keys`, already re-read). */
  async incremental(paths: readonly DirtyPath[], keys: readonly Key[] = []): Promise<SyncReport | null> {
    const listings = this.need();
    const t0 = performance.now();
    const [l, r] = [await listings.left.patch(paths), await listings.right.patch(paths)];
    const limit = [...new Set([...l.keys, ...r.keys, ...keys])];
    if (!limit.length) return null;
    const scanned = { left: listings.left.asScan(l.problems), right: listings.right.asScan(r.problems) };
    return this.pass('incremental', limit, t0, false, scanned);
  }

  /** rescanSide lists one side anew (polling, or after a watcher error) and reconciles what differs from memory. */
  async rescanSide(side: Side): Promise<SyncReport | null> {
    const listing = this.need()[side];
    const result = await scanSide(scanOptionsOf(this.deps.config, side));
    const changed = diffTrees(listing.tree, result.tree);
    listing.replace(result);
    return changed.length ? this.incremental([], changed) : null;
  }

  /** keyRel finds how a key is spelled on a side (or the other), for a resync of a path given by key. */
  relOf(key: Key): string | undefined {
    const l = this.listings;
    return l?.left.tree.get(key)?.rel ?? l?.right.tree.get(key)?.rel;
  }

  /** baseHasFiles tells whether the last sync saw files (an empty root is then an unmounted drive). */
  get baseHasFiles(): boolean {
    for (const rec of this.deps.store.base.values()) if (rec.type === 'file') return true;
    return false;
  }

  private async pass(kind: PassKind, paths: Key[] | undefined, t0: number, purge: boolean, scanned: Parameters<typeof passOnStore>[0]['scanned']): Promise<SyncReport> {
    const { config, store, decider, fs, signal, stats, log } = this.deps;
    const now = new Date();
    const runId = newRunId(now);
    const large = config.transfer.largeFileMB * MIB;
    stats.passStarted(kind);
    let report: SyncReport | undefined;
    try {
      // The test hook of `sync` (SYNCWARDEN_TEST_HOLD_AFTER_SCAN): e2e tests act while a service pass is under way.
      await holdAfterScan(runId);
      // recordOutcome: a stop or failed actions are kept for `status` and the log, as for `sync`.
      report = await log.runWith(runId, () => recordOutcome(config.stateDir, { runId, dryRun: false }, log, () => passOnStore({
        config, store, decider, scanned, runId, now, log, t0,
        opts: {
          ...(paths ? { paths } : {}), fs, signal, purge, recordIdle: kind === 'full', log,
          onProgress: (result) => stats.settled(result, large),
          toLane: (copy) => copy.size > large, busy: this.lane.busy,
        },
      })));
      if (report.deferred) this.lane.add(report.deferred);
      return report;
    } finally {
      if (report) await this.reread(report.results);
      const bytes = report?.results.reduce((n, r) => n + (r.bytes ?? 0), 0) ?? 0;
      stats.passEnded({
        runId, kind, start: now.toISOString(), end: new Date().toISOString(), ms: performance.now() - t0,
        exitCode: report?.exitCode ?? 3, counts: report?.counts ?? {}, keys: paths?.length ?? -1,
      }, bytes);
    }
  }

  /** reread patches both listings with every path the pass's actions touched. */
  private async reread(results: readonly ActionResult[]): Promise<void> {
    const paths = touchedPaths(results);
    if (!paths.length) return;
    const listings = this.need();
    await listings.left.patch(paths);
    await listings.right.patch(paths);
  }

  private need(): Record<Side, Listing> {
    if (!this.listings) throw new Error('the service has not scanned yet');
    return this.listings;
  }
}

/** touchedPaths lists, per side, the paths an action may have changed on disk (ok or not: a failure can be partial). */
export function touchedPaths(results: readonly ActionResult[]): DirtyPath[] {
  const out: DirtyPath[] = [];
  const add = (side: Side, rel: string, subtree = false) => out.push({ side, rel, subtree, at: 0 });
  for (const { action: a } of results) {
    switch (a.kind) {
      case 'copy':
        add(other(a.from), a.dstRel);
        if (a.dstCurrentRel) add(other(a.from), a.dstCurrentRel);
        break;
      case 'rename':
        add(a.side, a.fromRel, true);
        add(a.side, a.toRel, true);
        break;
      case 'setProps':
        add(a.side, a.rel);
        if (a.toRel !== a.rel) add(a.side, a.toRel);
        break;
      case 'mkdir': case 'delete': case 'rmdir':
        add(a.side, a.rel);
        break;
      default:
        break;
    }
  }
  return out;
}
