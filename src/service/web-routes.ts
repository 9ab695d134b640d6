import type { Config } from '../config/config.js';
import type { ActionResult } from '../model/action.js';
import { InputError } from '../model/errors.js';
import { Decider } from '../policy/evaluate.js';
import { loadPolicies } from '../policy/load.js';
import type { Side } from '../model/side.js';
import type { Logger } from '../ports/log.js';
import { checkRoots } from '../scan/scanner.js';
import type { StateStore } from '../state/store.js';
import { explainOnBase } from '../app/explain.js';
import { readHistory } from '../app/history.js';
import { keysOfPaths } from '../app/paths.js';
import type { FsPort } from '../ports/fs.js';
import { resolveOnStore, resolveRunId, type Keep } from '../app/resolve.js';
import { explainText } from '../cli/explain-text.js';
import { historyRow, parseSince } from '../cli/commands/history.js';
import { listAllVersions, listVersions, restoreVersion, type RestoreOptions, type RestoreTarget } from '../versions/index.js';
import type { Routes } from './health-server.js';

/** WebSources are what the page's API reads and does, from the running service. */
export interface WebSources {
  config: Config;
  store: StateStore;
  log: Logger;
  /** The service's file ports: a restore's copy shares the bandwidth limit and stops with the service. */
  fs: Record<Side, FsPort>;
  /** The same answer as GET /status (and `syncwarden status`). */
  status(): Record<string, unknown>;
  /** Runs `fn` in the service's loop between passes, never during one. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Actions carried out outside a pass: the service re-reads what they touched. */
  settled(results: readonly ActionResult[]): void;
  /** A path written outside a pass (a restore): the service re-reads it. */
  touched(side: Side, rel: string): void;
}

const KEEPS: readonly Keep[] = ['left', 'right', 'both'];
const TARGETS: readonly RestoreTarget[] = ['left', 'right', 'both'];
const HISTORY_LIMIT = 50;

/** webRoutes are the page's JSON endpoints: status, conflicts and their resolve, explain, the audit trail, versions and restore. */
export function webRoutes(src: WebSources): Routes {
  const { config, store, log } = src;
  const versions: Routes[string] = async ({ query }) => {
    const path = query.get('path');
    if (path) return { status: 200, body: { path, versions: await listVersions({ config, log }, path) } };
    const under = query.get('under');
    const limit = query.has('limit') ? Number(query.get('limit')) : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw bad('limit', 'a whole number above 0', query.get('limit'));
    return { status: 200, body: { under: under ?? null, versions: await listAllVersions({ config, log }, { ...(under ? { under } : {}), ...(limit ? { limit } : {}) }) } };
  };
  // As `syncwarden restore`: on the service's open state, between two passes; the next pass syncs it like an edit.
  const restore: Routes[string] = async ({ body }) => {
    const { path, version, to, dryRun } = (body ?? {}) as { path?: unknown; version?: unknown; to?: unknown; dryRun?: unknown };
    const asked = field('path', path);
    if (version !== undefined && typeof version !== 'string') throw bad('version', 'a version id or time (see GET /api/versions)', version);
    if (to !== undefined && !TARGETS.includes(to as RestoreTarget)) throw bad('to', 'left, right or both', to);
    const opts: RestoreOptions = { ...(version !== undefined ? { version } : {}), ...(to !== undefined ? { to: to as RestoreTarget } : {}), dryRun: dryRun === true };
    const outcome = await src.exclusive(() => restoreVersion({ config, log, store, fs: src.fs }, asked, opts));
    for (const step of outcome.steps) if (step.outcome === 'restored') src.touched(step.side, step.path);
    return { status: 200, body: outcome };
  };
  return {
    'GET /api/versions': versions,
    'POST /api/restore': restore,
    // What `syncwarden restore` asks a running service.
    'GET /versions': versions,
    'POST /restore': restore,
    'GET /api/status': () => ({ status: 200, body: src.status() }),
    'GET /api/conflicts': () => ({
      status: 200,
      body: { conflicts: store.openConflicts().map((c) => ({ path: c.left.rel ?? c.right.rel ?? c.key, ...c })) },
    }),
    // Through the same code as `syncwarden resolve`, on the service's open state, between two passes.
    'POST /api/resolve': async ({ body }) => {
      const { path, keep } = (body ?? {}) as { path?: unknown; keep?: unknown };
      const asked = field('path', path);
      if (!KEEPS.includes(keep as Keep)) throw bad('keep', 'left, right or both', keep);
      keysOfPaths([asked], config);
      const outcome = await src.exclusive(async () => {
        await checkRoots(config);
        const decider = new Decider(loadPolicies(config.policies.dir, config), config);
        return log.runWith(resolveRunId(), () => resolveOnStore({ config, store, decider, log }, asked, keep as Keep));
      });
      src.settled(outcome.results);
      return { status: 200, body: outcome };
    },
    'GET /api/explain': async ({ query }) => {
      const path = field('path', query.get('path'));
      const result = await explainOnBase(config, store.base, path);
      return { status: 200, body: { path, found: !!result.fact, text: explainText(path, result), ...result } };
    },
    'GET /api/history': async ({ query }) => {
      const since = parseSince(query.get('since') ?? '24h', new Date());
      const limit = Math.min(Math.max(Number(query.get('limit') ?? HISTORY_LIMIT) || HISTORY_LIMIT, 1), 1000);
      const path = query.get('path');
      const history = await readHistory(config.log.dir, {
        since, caseInsensitive: config.caseInsensitive, ...(path ? { path: keysOfPaths([path], config)[0] } : {}),
      });
      const entries = history.entries.slice(-limit).reverse().map((e) => ({ ...e, cells: historyRow(e) }));
      return { status: 200, body: { since: since.toISOString(), total: history.entries.length, entries } };
    },
  };
}

function field(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw bad(name, 'a path relative to the roots', value);
  return value;
}

function bad(name: string, expected: string, found: unknown): InputError {
  return new InputError([{ file: '(request)', field: name, expected, found: found === undefined || found === null ? 'nothing' : JSON.stringify(found) }]);
}
