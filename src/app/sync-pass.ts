import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import { MIB } from '../config/config.js';
import { gather } from '../facts/gather.js';
import { pairMoves } from '../facts/moves.js';
import type { Action, ActionResult } from '../model/action.js';
import type { ConflictRecord } from '../model/conflict.js';
import { SafetyStop } from '../model/errors.js';
import type { PathFact } from '../model/fact.js';
import { toKey, type Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import { buildPlan, type Plan } from '../plan/build.js';
import type { PlanContext } from '../plan/expand/context.js';
import type { BaseRecord } from '../model/base.js';
import type { Decision } from '../model/decision.js';
import { guardPlan, sentinelStop } from '../plan/guard.js';
import { countActions, countResults, type Counts } from '../plan/summary.js';
import { Decider } from '../policy/evaluate.js';
import { loadPolicies } from '../policy/load.js';
import { silentLogger, type Logger } from '../ports/log.js';
import { StateStore } from '../state/store.js';
import type { Recovery } from '../state/types.js';
import { conflictUpdates } from './conflicts.js';
import { executeAndCommit } from './execute.js';
import { hashWhereNeeded } from './hashing.js';
import { keysOfPaths } from './paths.js';
import { sweepTemps } from './temps.js';
import { purgeTrash } from './trash-purge.js';
import { writeLastPass } from './last-pass.js';
import { scanBoth } from '../scan/scanner.js';
import type { FsPort } from '../ports/fs.js';

export interface SyncOptions {
  dryRun?: boolean;
  force?: boolean;
  /** Limit the pass to these paths (relative to the roots, or absolute under either root). */
  paths?: string[];
  log?: Logger;
  now?: () => Date;
  onProgress?: (done: ActionResult, total: number) => void;
}

export interface SyncReport {
  runId: string;
  dryRun: boolean;
  exitCode: 0 | 1 | 3;
  plan: Action[];
  results: ActionResult[];
  problems: Problem[];
  conflicts: ConflictRecord[];
  counts: Counts;
  recovered?: Recovery;
  ms: { scan: number; plan: number; execute: number; total: number };
}

/** syncPass runs one reconcile: scan → facts → policies → plan → guard → execute → commit (SPEC §1). */
export async function syncPass(config: Config, opts: SyncOptions = {}): Promise<SyncReport> {
  const now = opts.now?.() ?? new Date();
  const runId = newRunId(now);
  const root = opts.log ?? silentLogger();
  // Every line logged during the pass, by any module, carries this run's id.
  return root.runWith(runId, () => runPass(config, opts, runId, now, root.withTag('sync')));
}

async function runPass(config: Config, opts: SyncOptions, runId: string, now: Date, log: Logger): Promise<SyncReport> {
  const t0 = performance.now();
  log.info(`sync pass ${runId}: ${config.left} <-> ${config.right}${opts.dryRun ? ' (dry run)' : ''}`);
  const decider = new Decider(loadPolicies(config.policies.dir, config), config);
  // Scan before the state is even opened: a missing root stops the pass having touched nothing at all.
  const scanned = await scanBoth(config);
  const store = await StateStore.open(config.stateDir, { readOnly: !!opts.dryRun, log });
  try {
    return await passOnStore({ config, store, decider, scanned, opts, runId, now, log, t0 });
  } finally {
    await store.close();
  }
}

/** PassInput is one pass over listings already made, with the state already open (the service keeps both). */
export interface PassInput {
  config: Config;
  store: StateStore;
  decider: Decider;
  scanned: Scanned;
  opts: SyncOptions & PassExtras;
  runId: string;
  now: Date;
  log: Logger;
  /** performance.now() when the pass began (its scan included). */
  t0: number;
}

/** PassExtras are what only a long-running caller changes: the copy port, and what an incremental pass skips. */
export interface PassExtras {
  /** The file-system port copies go through (the service's is throttled and abortable). */
  fs?: FsPort;
  signal?: AbortSignal;
  /** Purge old trash folders in this pass (default true; the service does it on its own schedule). */
  purge?: boolean;
  /** Record a pass that changed nothing in last-pass.json (default true; the service's echo passes do not). */
  recordIdle?: boolean;
}

/** passOnStore runs facts → policies → plan → guard → execute → commit over given listings and an open state. */
export async function passOnStore(input: PassInput): Promise<SyncReport> {
  const { config, store, decider, opts, runId, now, log, t0 } = input;
  const prepared = await preparePass(config, store.base, decider, opts.paths, input.scanned);
  const { facts, decisions, plan, tScan } = prepared;
  const tPlan = performance.now();
  const report: SyncReport = {
    runId, dryRun: !!opts.dryRun, exitCode: 0, plan: plan.actions, results: [],
    problems: prepared.problems,
    conflicts: [], counts: countActions(plan.actions),
    ms: { scan: tScan - t0, plan: tPlan - tScan, execute: 0, total: 0 },
  };
  if (store.recovered) report.recovered = store.recovered;
  const sentinel = config.safety.sentinel === null ? null : toKey(config.safety.sentinel, config.caseInsensitive);
  const { left, right } = prepared.scanned;
  const stop = sentinelStop(sentinel, { left: (k) => left.tree.has(k), right: (k) => right.tree.has(k) })
    ?? guardPlan(facts, plan.actions, { ...config.safety, force: !!opts.force || config.safety.force });
  if (stop) {
    log.error(`safety stop: ${stop.message}`, stop);
    if (!opts.dryRun) store.recordRun({ runId, start: now.toISOString(), end: new Date().toISOString(), counts: { safetyStop: 1 }, exitCode: 3 });
    throw new SafetyStop(stop.reason, stop.message, { ...stop });
  }
  if (opts.dryRun) return finish(report, t0);
  await sweepTemps(config, prepared.scanned, log);
  if (opts.purge !== false) await purgeTrash(config, now, log);
  if (plan.actions.length) log.info(`plan: ${plan.actions.length} actions`, report.counts);
  report.results = await executeAndCommit(plan.actions, facts, store, config, now, opts.onProgress, { fs: opts.fs, signal: opts.signal });
  report.counts = countResults(report.results);
  report.conflicts = conflictUpdates(store, facts, decisions, report.results, now);
  report.exitCode = report.results.some((r) => !r.ok) ? 1 : 0;
  // Only a pass over everything that failed nowhere ends the first-sync union.
  if (report.exitCode === 0 && !opts.paths) store.markBaseComplete();
  report.ms.execute = performance.now() - tPlan;
  const run = { runId, start: now.toISOString(), end: new Date().toISOString(), counts: report.counts, exitCode: report.exitCode };
  if (plan.actions.length || report.conflicts.length || store.isDirty) store.recordRun(run);
  else if (opts.recordIdle !== false) writeLastPass(config.stateDir, run);
  return finish(report, t0);
}

/** Prepared is a pass up to its plan: what the scan saw, the facts, the decisions and the ordered actions. */
export interface Prepared {
  scanned: Scanned;
  facts: Map<Key, PathFact>;
  decisions: Map<Key, Decision>;
  plan: Plan;
  problems: Problem[];
  tScan: number;
}

/** preparePass scans, derives facts, decides by policy and builds the plan; it changes nothing anywhere. */
export async function preparePass(
  config: Config, base: ReadonlyMap<Key, BaseRecord>, decider: Decider, paths?: string[], scanned: Scanned | undefined = undefined,
): Promise<Prepared> {
  scanned ??= await scanBoth(config);
  await hashWhereNeeded(config, scanned, base);
  const tScan = performance.now();
  const deriveOpts = { mtimeToleranceMs: config.mtimeToleranceMs, largeBytes: config.softDelete.maxSizeMB * MIB, conflicts: config.conflicts };
  const facts = gather({
    left: scanned.left.tree, right: scanned.right.tree, base,
    only: paths ? keysOfPaths(paths, config) : undefined,
    incomplete: [...scanned.left.incomplete, ...scanned.right.incomplete],
    scopeOf: (key) => decider.scopeOf(key),
    opts: deriveOpts,
  });
  // Moves are paired before anything is decided, so a renamed folder is one rename, never a mass delete.
  const trees = { left: scanned.left.tree, right: scanned.right.tree };
  const aside = pairMoves(facts, { trees, caseInsensitive: config.caseInsensitive, derive: deriveOpts, scopeOf: (key) => decider.scopeOf(key) });
  const deciding = [...facts.values()].filter((fact) => !aside.has(fact.key));
  // decideAll writes the conflict options in force into each fact, so plans and conflict records name them.
  const { decisions, problems } = await decider.decideAll(deciding);
  const plan = buildPlan(deciding, decisions, planContext(config, scanned, base, facts));
  return {
    scanned, facts, decisions, plan, tScan,
    problems: [...scanned.left.problems, ...scanned.right.problems, ...problems, ...plan.problems],
  };
}

/** Scanned is both sides' listings, as scanBoth returns them (or the service keeps them). */
export type Scanned = Awaited<ReturnType<typeof scanBoth>>;

function finish(report: SyncReport, t0: number): SyncReport {
  report.ms.total = performance.now() - t0;
  return report;
}

/** planContext gathers what plan expansions may read: both listings, the taken keys and the soft-delete settings. */
export function planContext(config: Config, scanned: Scanned, base: ReadonlyMap<Key, unknown>, facts: ReadonlyMap<Key, PathFact>): PlanContext {
  return {
    trees: { left: scanned.left.tree, right: scanned.right.tree },
    caseInsensitive: config.caseInsensitive,
    mtimeToleranceMs: config.mtimeToleranceMs,
    softDelete: { enabled: config.softDelete.enabled, maxBytes: config.softDelete.maxSizeMB * MIB, onOverwrite: config.softDelete.onOverwrite },
    taken: lazyTaken(() => [scanned.left.tree.keys(), scanned.right.tree.keys(), base.keys()]),
    factOf: (key) => facts.get(key),
  };
}

/** lazyTaken builds the set of used keys only when a clash name is first needed: most passes never need it. */
function lazyTaken(sources: () => Iterable<Key>[]): PlanContext['taken'] {
  let set: Set<Key> | undefined;
  const get = () => {
    if (!set) {
      set = new Set<Key>();
      for (const keys of sources()) for (const key of keys) set.add(key);
    }
    return set;
  };
  return { has: (key) => get().has(key), add: (key) => void get().add(key) };
}

/** newRunId names a pass: its local start time and a random suffix (logs, mails and run records carry it). */
export function newRunId(now: Date): string {
  return `${stamp(now)}-${randomUUID().slice(0, 8)}`;
}

/** stamp formats a local time as YYYYMMDD-HHMMSS (run ids, trash folders). */
export function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

