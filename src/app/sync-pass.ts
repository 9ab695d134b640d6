import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import { actionKeys, type Action, type ActionResult, type CopyAction } from '../model/action.js';
import type { Decision } from '../model/decision.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { ConflictRecord } from '../model/conflict.js';
import { SafetyStop } from '../model/errors.js';
import type { Problem } from '../model/problem.js';
import { countActions, countResults, type Counts } from '../plan/summary.js';
import { Decider } from '../policy/evaluate.js';
import { loadPolicies } from '../policy/load.js';
import type { FsPort } from '../ports/fs.js';
import { silentLogger, type Logger } from '../ports/log.js';
import { nodeFsSides } from '../ports/node-fs.js';
import type { Side } from '../model/side.js';
import { checkRoots, scanBoth, warmScanWorkers } from '../scan/scanner.js';
import { StateStore } from '../state/store.js';
import type { Recovery } from '../state/types.js';
import { conflictUpdates } from './conflicts.js';
import { recordOutcome } from './incidents.js';
import { writeLastPass } from './last-pass.js';
import { guardPass, preparePass } from './prepare.js';
import { splitPlan } from './split-plan.js';
import { sweepTemps } from './temps.js';
import { holdAfterScan } from './test-hold.js';
import { purgeTrash } from './trash-purge.js';

// Kept importable from here: callers (explain, resolve, the service) prepare passes as before.
export { guardPass, planContext, preparePass, type Prepared, type Scanned } from './prepare.js';
import type { Scanned } from './prepare.js';

export interface SyncOptions {
  dryRun?: boolean;
  force?: boolean;
  /** Limit the pass to these paths (relative to the roots, or absolute under either root). */
  paths?: string[];
  log?: Logger;
  now?: () => Date;
  onProgress?: (done: ActionResult, total: number) => void;
  /**
   * Each root's file-system port for the whole pass (root check, scan, hash, temp sweep, execute, trash purge);
   * the native disk by default. Tests pass the case-insensitive decorator to run a pass with Windows name semantics.
   */
  fs?: Record<Side, FsPort>;
  /** False: the report's results leave out their observed records (see ExecuteOptions.keepObserved). Default true. */
  keepObserved?: boolean;
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
  /** Copies left to a background lane (service mode), each with the fact its base record is rebuilt from. */
  deferred?: { action: CopyAction; fact: PathFact }[];
}

/** syncPass runs one reconcile: scan → facts → policies → plan → guard → execute → commit (SPEC §1). */
export async function syncPass(config: Config, opts: SyncOptions = {}): Promise<SyncReport> {
  const now = opts.now?.() ?? new Date();
  const runId = newRunId(now);
  const root = opts.log ?? silentLogger();
  const log = root.withTag('sync');
  // Every line logged during the pass, by any module, carries this run's id.
  return root.runWith(runId, () =>
    recordOutcome(config.stateDir, { runId, dryRun: !!opts.dryRun }, log, () => runPass(config, opts, runId, now, log)));
}

async function runPass(config: Config, opts: SyncOptions, runId: string, now: Date, log: Logger): Promise<SyncReport> {
  const t0 = performance.now();
  log.info(`sync pass ${runId}: ${config.left} <-> ${config.right}${opts.dryRun ? ' (dry run)' : ''}`);
  // The walk workers boot (~0.1 s of CPU each, on the other cores) while this thread loads the policies and the state.
  if (!opts.fs) warmScanWorkers();
  const decider = new Decider(loadPolicies(config.policies.dir, config), config);
  // A one-shot pass makes its small calls synchronously (ports/node-fs: NodeFsOptions); the service's passes do not.
  const fs = opts.fs ?? nodeFsSides({}, { blocking: true });
  // The roots are checked before the state is even opened: a missing root stops the pass having touched nothing.
  await checkRoots(config, fs);
  // Then the lock, then the scan: a pass that committed after our scan would meet it with a fresher base, and
  // a file it had just copied would read as deleted on the other side.
  // The walk starts as soon as the lock is held and runs while the state loads (worker threads list, this thread
  // decodes): no pass can commit after our scan began.
  let scanning: Promise<Scanned> | undefined;
  const startScan = () => {
    scanning = scanBoth(config, fs);
    // Awaited below; a load that fails first must not leave it unhandled.
    scanning.catch(() => undefined);
  };
  let store: StateStore;
  try {
    // A one-shot pass folds its journal into the snapshot once, at its end (StateStoreOptions.compactOnClose).
    store = await StateStore.open(config.stateDir, { readOnly: !!opts.dryRun, log, onLocked: startScan, compactOnClose: true });
  } catch (err) {
    // The state could not be opened: let the walk finish (its workers) before the pass stops.
    await scanning?.catch(() => undefined);
    throw err;
  }
  try {
    const scanned = await (scanning ?? scanBoth(config, fs));
    await holdAfterScan(runId);
    return await passOnStore({ config, store, decider, scanned, opts: { ...opts, fs }, runId, now, log, t0 });
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
  /** Stops starting actions and aborts copies in flight (the service stopping; its `fs` is also throttled). */
  signal?: AbortSignal;
  /** Purge old trash folders at the end of this pass (default true; the service does it on its own schedule). */
  purge?: boolean;
  /** Record a pass that changed nothing in last-pass.json (default true; the service's echo passes do not). */
  recordIdle?: boolean;
  /** Copies to hand to a background lane instead of running now (the service's large files): see report.deferred. */
  toLane?: (action: CopyAction) => boolean;
  /** Keys another piece of work holds (a large copy in flight): their actions wait for a later pass. */
  busy?: ReadonlySet<Key>;
}

/** passOnStore runs facts → policies → plan → guard → execute → commit over given listings and an open state. */
export async function passOnStore(input: PassInput): Promise<SyncReport> {
  const { config, store, decider, opts, runId, now, log, t0 } = input;
  const fs = opts.fs ?? nodeFsSides();
  // An open conflict is settled by its path's decision, so its key is always decided.
  const keep = (key: Key) => store.conflicts.get(key)?.status === 'open';
  const prepared = await preparePass(config, store.base, decider, opts.paths, input.scanned, fs, { skipUnchanged: { keep, kept: () => store.openConflicts().map((c) => c.key) } });
  const { facts, decisions, plan, tScan } = prepared;
  const tPlan = performance.now();
  const report: SyncReport = {
    runId, dryRun: !!opts.dryRun, exitCode: 0, plan: plan.actions, results: [],
    problems: prepared.problems,
    conflicts: [], counts: { ...countActions(plan.actions), ...prepared.reads },
    ms: { scan: tScan - t0, plan: tPlan - tScan, execute: 0, total: 0 },
  };
  if (store.recovered) report.recovered = store.recovered;
  const stop = guardPass(config, prepared, store.base, !!opts.force);
  if (stop) {
    if (!opts.dryRun) store.recordRun({ runId, start: now.toISOString(), end: new Date().toISOString(), counts: { safetyStop: 1 }, exitCode: 3 });
    throw new SafetyStop(stop.reason, stop.message, { ...stop, counts: report.counts });
  }
  if (opts.dryRun) return finish(report, t0);
  await sweepTemps(config, prepared.scanned, log, fs);
  // The service's passes over one edited file stay quiet unless they do something.
  const quiet = opts.recordIdle === false && plan.actions.length === 0;
  if (!quiet) log.info(`plan: ${plan.actions.length} actions`, report.counts);
  const split = opts.toLane || opts.busy ? splitPlan(plan.actions, opts.toLane ?? (() => false), opts.busy ?? new Set()) : null;
  // Planned and guarded: from here on only the conflicts' bookkeeping reads decisions (of open conflicts) and
  // facts (of conflict actions and open conflicts), and a folder move's commit the facts of the keys it carries
  // (state/base: moveBase); every other fact is let go once its key is committed, not held to the pass's end.
  const openDecisions = new Map<Key, Decision>();
  for (const c of store.openConflicts()) if (decisions.has(c.key)) openDecisions.set(c.key, decisions.get(c.key)!);
  decisions.clear();
  const kept = new Set<Key>();
  for (const a of plan.actions) {
    if (a.kind === 'conflict') kept.add(a.key);
    else if (a.kind === 'rename') for (const key of actionKeys(a)) kept.add(key);
  }
  // A copy handed to the lane is rebuilt from its fact (report.deferred).
  for (const a of split?.later ?? []) kept.add(a.key);
  const onCommitted = (key: Key) => {
    if (!kept.has(key) && !keep(key)) facts.delete(key);
  };
  const toRun = split?.run ?? plan.actions;
  // The executor's 22 modules are loaded by the first pass that acts: an empty plan runs nothing (~15 ms of a start).
  if (toRun.length) {
    const { executeAndCommit } = await import('./execute.js');
    report.results = await executeAndCommit(toRun, facts, store, config, now, {
      onProgress: opts.onProgress, log: log.withTag('execute'), fs, onCommitted, keepObserved: opts.keepObserved ?? true, ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }
  if (split?.later.length) report.deferred = split.later.map((action) => ({ action, fact: facts.get(action.key)! }));
  // A held key sat this pass out: its conflict record is neither renewed nor settled by it.
  for (const key of split?.held ?? []) facts.delete(key);
  report.counts = { ...countResults(report.results), ...prepared.reads };
  report.conflicts = conflictUpdates(store, facts, openDecisions, report.results, now);
  report.exitCode = report.results.some((r) => !r.ok) ? 1 : 0;
  // Only a pass over everything that failed nowhere ends the first-sync union.
  if (report.exitCode === 0 && !opts.paths && !split?.later.length && !split?.held.size) store.markBaseComplete();
  report.ms.execute = performance.now() - tPlan;
  const run = { runId, start: now.toISOString(), end: new Date().toISOString(), counts: report.counts, exitCode: report.exitCode };
  // A pass that did nothing but meet the same open conflicts again is an idle pass.
  const news = plan.actions.some((a) => !(a.kind === 'conflict' && a.open)) || report.conflicts.length > 0;
  if (news || store.isDirty) store.recordRun(run);
  else if (opts.recordIdle !== false) writeLastPass(config.stateDir, run);
  if (opts.purge !== false) {
    // Housekeeping comes last, once what the pass did is committed: the schema's "at the end of the pass".
    await store.flush();
    await purgeTrash(config, now, log, fs);
  }
  if (!quiet) log.info(`pass done: exit ${report.exitCode}`, report.counts);
  return finish(report, t0);
}

function finish(report: SyncReport, t0: number): SyncReport {
  report.ms.total = performance.now() - t0;
  return report;
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

