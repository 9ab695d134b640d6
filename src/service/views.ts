import type { Config } from '../config/config.js';
import type { StateStore } from '../state/store.js';
import type { DirtyPaths } from '../watch/debounce.js';
import { InputError } from '../model/errors.js';
import type { Routes } from './health-server.js';
import { metricsText } from './metrics.js';
import type { ServiceStats } from './stats.js';
import type { LargeLane } from './large-lane.js';
import type { ReloadStatus } from './reload.js';
import type { TokenBucket } from './token-bucket.js';
import { verdict, type Verdict } from './verdict.js';

/** A pass that settled no action for this long is stuck (a hung network drive): /health says so. */
const STUCK_MS = 5 * 60_000;

export interface ViewSources {
  config: Config;
  store: StateStore;
  stats: ServiceStats;
  dirty: DirtyPaths;
  bucket: TokenBucket;
  lane: LargeLane;
  /** Reprocess paths now; resolves once the pass that covered them ended. */
  resync(paths: string[]): Promise<object>;
  /** The config in force and its last edits (reload.ts). */
  reload?: () => ReloadStatus;
}

/** Views are the service's answers: the endpoint's routes, and the verdict `status` prints first. */
export interface Views {
  routes: Routes;
  verdict(): Verdict;
  status(): Record<string, unknown>;
}

/** serviceViews builds /health, /status, /metrics and /resync over the service's live state. */
export function serviceViews(src: ViewSources): Views {
  const { config, store, stats, dirty, bucket, lane } = src;
  // The large lane's copies run between and across passes: its backlog adds to the running pass's.
  const large = () => ({ copies: stats.lanes.large.copies + lane.pending.copies, bytes: stats.lanes.large.bytes + lane.pending.bytes });
  const problems = () => {
    const out: string[] = [];
    for (const t of [stats.roots.left, stats.roots.right]) if (t) out.push(t.message);
    if (stats.lastStop && !stats.roots.left && !stats.roots.right) out.push(`safety stop: ${stats.lastStop.message}`);
    if (stats.running && performance.now() - stats.running.progressAt > STUCK_MS) out.push(`a ${stats.running.kind} pass has made no progress for ${Math.round((performance.now() - stats.running.progressAt) / 60_000)} min`);
    return out;
  };
  const now = () => verdict({
    roots: [stats.roots.left, stats.roots.right].flatMap((t) => (t ? [t.message] : [])),
    stop: stats.roots.left || stats.roots.right ? null : stats.lastStop?.message ?? null,
    starting: stats.phase === 'starting' || (stats.phase === 'scanning' && !stats.lastFullPass),
    waiting: dirty.size,
    copies: stats.lanes.small.copies + large().copies,
    bytes: stats.lanes.small.bytes + large().bytes,
    failed: stats.lastPass?.counts.failed ?? 0,
    openConflicts: store.openConflicts().length,
  });
  const status = () => {
    const v = now();
    return {
      inSync: v.inSync, summary: v.line, why: v.why,
      pid: process.pid, startedAt: stats.startedAt, phase: stats.phase,
      left: config.left, right: config.right,
      roots: stats.roots, watch: stats.watch,
      lastPass: stats.lastPass, lastFullPass: stats.lastFullPass, lastEvent: stats.lastEvent, lastStop: stats.lastStop,
      backlog: { paths: dirty.size, running: stats.running?.kind ?? null, small: stats.lanes.small, large: large() },
      bandwidth: { bytesPerSecond: bucket.rate },
      ...stats.windows(),
      events: stats.events, passes: stats.passes,
      tracked: store.base.size,
      openConflicts: store.openConflicts().map((c) => ({ key: c.key, rule: c.rule, since: c.firstSeen })),
      errors: stats.failures, watcherErrors: stats.watcherErrors.slice(-10),
      config: src.reload?.() ?? null,
    };
  };
  return {
    verdict: now,
    status,
    routes: {
      'GET /health': () => {
        const why = problems();
        return { status: why.length ? 503 : 200, body: { ok: why.length === 0, why, phase: stats.phase, roots: stats.roots, watch: stats.watch, lastPass: stats.lastPass?.end ?? null } };
      },
      'GET /status': () => ({ status: 200, body: status() }),
      'GET /metrics': () => ({
        status: 200, type: 'text/plain; version=0.0.4; charset=utf-8',
        text: metricsText({ stats, inSync: now().inSync, waiting: dirty.size, bytesPerSecond: bucket.rate, openConflicts: store.openConflicts().length, tracked: store.base.size }),
      }),
      'POST /resync': async ({ body }) => {
        const paths = (body as { paths?: unknown } | null)?.paths;
        if (!Array.isArray(paths) || !paths.length) throw new InputError([{ file: '(request)', field: 'paths', expected: '{"paths": ["a path", …]}' }]);
        return { status: 200, body: await src.resync(paths.map(String)) };
      },
    },
  };
}
