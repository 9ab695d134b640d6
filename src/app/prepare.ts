import type { Config } from '../config/config.js';
import { MIB } from '../config/config.js';
import type { GatherInput } from '../facts/gather.js';
import { gatherLimited, narrowToLimit } from '../facts/limit.js';
import { pairMoves } from '../facts/moves.js';
import { UnchangedSkip } from '../facts/unchanged.js';
import type { BaseRecord } from '../model/base.js';
import type { Decision } from '../model/decision.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, toKey, type Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import { buildPlan, type Plan } from '../plan/build.js';
import type { PlanContext } from '../plan/expand/context.js';
import { guardPlan, sentinelStop, sideTotals, type GuardStop } from '../plan/guard.js';
import type { Counts } from '../plan/summary.js';
import type { Decider } from '../policy/evaluate.js';
import type { FsPort } from '../ports/fs.js';
import { nodeFsSides } from '../ports/node-fs.js';
import type { Side } from '../model/side.js';
import { scanBoth } from '../scan/scanner.js';
import { hashWhereNeeded, proveEqualContent, readCounts } from './hashing.js';
import { keysOfPaths } from './paths.js';

/** Scanned is both sides' listings, as scanBoth returns them (or a service keeps them). */
export type Scanned = Awaited<ReturnType<typeof scanBoth>>;

/** Prepared is a pass up to its plan: what the scan saw, the facts, the decisions and the ordered actions. */
export interface Prepared {
  scanned: Scanned;
  facts: Map<Key, PathFact>;
  decisions: Map<Key, Decision>;
  plan: Plan;
  problems: Problem[];
  /** What the pass read to learn content (files hashed, candidates compared, bytes): summary counts. */
  reads: Counts;
  tScan: number;
}

/**
 * preparePass scans through `fs` (unless given the listings), derives facts, decides by policy and builds the plan; it
 * changes nothing anywhere. With `paths` it decides only those paths and what they link to (their folders, the
 * other half of a move), read against the whole listings.
 */
export async function preparePass(
  config: Config, base: ReadonlyMap<Key, BaseRecord>, decider: Decider, paths?: string[], scanned: Scanned | undefined = undefined,
  fs: Record<Side, FsPort> = nodeFsSides(),
  options: PrepareOptions = {},
): Promise<Prepared> {
  scanned ??= await scanBoth(config, fs);
  const reads = await hashWhereNeeded(config, scanned, base, fs);
  const tScan = performance.now();
  const deriveOpts = { mtimeToleranceMs: config.mtimeToleranceMs, largeBytes: config.softDelete.maxSizeMB * MIB, conflicts: config.conflicts };
  const input: GatherInput = {
    left: scanned.left.tree, right: scanned.right.tree, base,
    incomplete: [...scanned.left.incomplete, ...scanned.right.incomplete],
    scopeOf: (key) => decider.scopeOf(key),
    opts: deriveOpts,
  };
  const only = paths ? keysOfPaths(paths, config) : undefined;
  const ctxOf = (facts: ReadonlyMap<Key, PathFact>) => planContext(config, scanned, base, facts);
  if (options.skipUnchanged) {
    input.skip = new UnchangedSkip({ base, opts: deriveOpts, scopeOf: input.scopeOf, keep: options.skipUnchanged.keep, known: provenFor(decider) });
    const kept = options.skipUnchanged.kept;
    // Rows paired by tree position (facts/aligned) need every kept key up front: a row's key is built only when needed.
    if (kept) input.aligned = { scopeOfFolder: (folder) => decider.scopes.folderChain(folder)?.id ?? null, kept: kept() };
  }
  let { facts, limit } = gatherLimited(input, only);
  // A combination the policy does not prove (a custom rule for unchanged paths): gather again, building those.
  if (input.skip && (await input.skip.settle(facts, (probe) => plansNothing(decider, probe, ctxOf(facts))))) ({ facts, limit } = gatherLimited(input, only));
  // Equal content is proven before anything is decided (only paths present on both sides: never a move's other half).
  const proof = await proveEqualContent(config, scanned, facts, deriveOpts, fs);
  // Moves are paired before anything is decided, so a renamed folder is one rename, never a mass delete.
  const trees = { left: scanned.left.tree, right: scanned.right.tree };
  const aside = pairMoves(facts, { trees, caseInsensitive: config.caseInsensitive, derive: deriveOpts });
  if (limit) narrowToLimit(facts, limit);
  const deciding = [...facts.values()].filter((fact) => !aside.has(fact.key));
  // decideAll writes the conflict options in force into each fact, so plans and conflict records name them.
  const { decisions, problems } = await decider.decideAll(deciding);
  await notReplayed(facts, deciding, decisions, problems, decider);
  const plan = buildPlan(deciding, decisions, planContext(config, scanned, base, facts));
  return {
    scanned, facts, decisions, plan, tScan, reads: readCounts(reads, proof),
    problems: [...scanned.left.problems, ...scanned.right.problems, ...problems, ...plan.problems],
  };
}

/** PrepareOptions are what only a sync pass asks for. */
export interface PrepareOptions {
  /**
   * Leave out the paths unchanged on both sides whose kind the policy proves needs nothing (facts/unchanged);
   * `keep` names keys always decided (an open conflict's, which a decision settles); `kept` lists them all (every
   * key `keep` is true of), which lets gather pair rows by tree position instead of keys. Explain and resolve
   * leave it off: they show every path's decision.
   */
  skipUnchanged?: { keep: (key: Key) => boolean; kept?: () => Iterable<Key> };
}

// Per decider (its policies and conflict options), which kinds of unchanged path are proven to need nothing.
const proven = new WeakMap<Decider, Map<string, boolean>>();

function provenFor(decider: Decider): Map<string, boolean> {
  let known = proven.get(decider);
  if (!known) proven.set(decider, (known = new Map()));
  return known;
}

/**
 * plansNothing asks the engine how it decides a probe and the planner what that decision does: proven only
 * when the policy decides `inSync` without a conflict and the plan for it is empty. Nothing about which rule
 * decides an unchanged path is assumed here.
 */
async function plansNothing(decider: Decider, probe: PathFact, ctx: PlanContext): Promise<boolean> {
  const decision = await decider.decide(probe);
  if (!('action' in decision) || decision.action !== 'inSync' || decision.conflict !== undefined) return false;
  const plan = buildPlan([probe], new Map([[probe.key, decision]]), ctx);
  return plan.actions.length === 0 && plan.problems.length === 0;
}

/**
 * notReplayed handles the moves the policies decided otherwise than `move` (a scope's own rule for a moved path,
 * e.g. under `movesOut: 'source'`): a moved file is then a new file at its new path, and its old path is decided
 * in the same pass, by its own scope, as the delete it is. A moved folder can only be replayed: the paths inside
 * it were derived as moved along, so the folder and everything inside wait, reported as a problem.
 */
async function notReplayed(facts: Map<Key, PathFact>, deciding: PathFact[], decisions: Map<Key, Decision>, problems: Problem[], decider: Decider): Promise<void> {
  for (const fact of [...deciding]) {
    const decision = decisions.get(fact.key);
    if (fact.movedFrom === undefined || !decision || decision.action === 'move') continue;
    const old = facts.get(fact.movedFrom);
    if (fact.carries === undefined) {
      if (!old || decisions.has(old.key)) continue;
      deciding.push(old);
      const more = await decider.decideAll([old]);
      for (const [key, d] of more.decisions) decisions.set(key, d);
      problems.push(...more.problems);
      continue;
    }
    for (const key of decisions.keys()) if (isUnder(key, fact.key)) decisions.delete(key);
    problems.push({
      path: fact.key, code: 'planError',
      message: `${decision.ruleId}: a folder moved here from ${old?.left?.rel ?? old?.right?.rel ?? fact.movedFrom} can only be replayed (action move), not ${decision.action}; it waits with everything inside`,
    });
  }
}

/**
 * guardPass runs the safety checks over a prepared pass (SPEC §6): the sentinel on both sides, then the plan's
 * guards measured against the whole listings and base, so a limited pass is judged like a full one.
 */
export function guardPass(config: Config, prepared: Prepared, base: ReadonlyMap<Key, BaseRecord>, force: boolean): GuardStop | null {
  const sentinel = config.safety.sentinel === null ? null : toKey(config.safety.sentinel, config.caseInsensitive);
  const trees = { left: prepared.scanned.left.tree, right: prepared.scanned.right.tree };
  return sentinelStop(sentinel, { left: (k) => trees.left.has(k), right: (k) => trees.right.has(k) })
    ?? guardPlan(prepared.facts, prepared.plan.actions, { ...config.safety, force: force || config.safety.force }, sideTotals(trees, base));
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
