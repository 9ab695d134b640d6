import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { ActionResult } from '../model/action.js';
import type { ConflictRecord } from '../model/conflict.js';
import type { Decision } from '../model/decision.js';
import { InputError, SafetyStop } from '../model/errors.js';
import type { PathFact } from '../model/fact.js';
import { other, type Side } from '../model/side.js';
import { buildPlan } from '../plan/build.js';
import { Decider } from '../policy/evaluate.js';
import { loadPolicies } from '../policy/load.js';
import type { Logger } from '../ports/log.js';
import { checkRoots } from '../scan/scanner.js';
import { StateStore } from '../state/store.js';
import { executeAndCommit } from './execute.js';
import { keysOfPaths } from './paths.js';
import { guardPass, planContext, preparePass, stamp } from './sync-pass.js';

export type Keep = 'left' | 'right' | 'both';

export interface ResolveOutcome {
  conflict: ConflictRecord;
  results: ActionResult[];
  ok: boolean;
}

/**
 * resolveDecision is the admin's choice as a decision: keep a side (its content, or its deletion), or both
 * (as conflict option 1: the newer keeps the name, the other becomes a clash file on both sides).
 */
export function resolveDecision(fact: PathFact, keep: Keep): Decision {
  const ruleId = `resolve#keep-${keep}`;
  if (keep === 'both') return { key: fact.key, action: 'keepBoth', params: { winner: 'newer', tie: 'left' }, ruleId };
  const side: Side = keep;
  if (!fact[side]) return { key: fact.key, action: 'delete', params: { on: other(side) }, ruleId };
  if (!fact[other(side)]) return { key: fact.key, action: 'copy', params: { from: side }, ruleId };
  const action = fact.facts.sameContent ? 'syncProps' : 'copy';
  return { key: fact.key, action, params: { from: side }, ruleId };
}

/** resolveRunId names the run of a resolve (its actions are logged like a pass's, under a run id of their own). */
export function resolveRunId(now = new Date()): string {
  return `resolve-${stamp(now)}-${randomUUID().slice(0, 8)}`;
}

/**
 * resolveConflict settles the recorded conflict at `path` by the admin's choice, through the normal executor
 * and behind the same guards as a pass (roots, sentinel, delete limits): a stop throws SafetyStop, nothing touched.
 */
export async function resolveConflict(config: Config, path: string, keep: Keep, log: Logger, now = new Date()): Promise<ResolveOutcome> {
  keysOfPaths([path], config);
  const decider = new Decider(loadPolicies(config.policies.dir, config), config);
  await checkRoots(config);
  const store = await StateStore.open(config.stateDir, { log });
  try {
    return await resolveOnStore({ config, store, decider, log }, path, keep, now);
  } finally {
    await store.close();
  }
}

/** ResolveContext is what a resolve works on: an open state (the CLI's own, or the running service's). */
export interface ResolveContext {
  config: Config;
  store: StateStore;
  decider: Decider;
  log: Logger;
}

/**
 * resolveOnStore is resolveConflict on a state already open; the running service calls it between passes
 * (after its own checkRoots), never during one.
 */
export async function resolveOnStore({ config, store, decider, log }: ResolveContext, path: string, keep: Keep, now = new Date()): Promise<ResolveOutcome> {
  const [key] = keysOfPaths([path], config);
  const conflict = store.conflicts.get(key);
  if (!conflict || conflict.status !== 'open') {
    throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'the path of an open conflict (see syncwarden conflicts)', found: path }]);
  }
  const prepared = await preparePass(config, store.base, decider, [path]);
  const fact = prepared.facts.get(key);
  if (!fact) throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'a path present on a side or in the base', found: path }]);
  const decision = resolveDecision(fact, keep);
  const plan = buildPlan([fact], new Map([[key, decision]]), planContext(config, prepared.scanned, store.base, prepared.facts));
  const stop = guardPass(config, { ...prepared, plan }, store.base, false);
  if (stop) throw new SafetyStop(stop.reason, stop.message, { ...stop });
  const results = await executeAndCommit(plan.actions.filter((a) => a.kind !== 'conflict'), prepared.facts, store, config, now, { log: log.withTag('resolve') });
  const ok = plan.problems.length === 0 && results.every((r) => r.ok);
  const at = now.toISOString();
  const settled: ConflictRecord = ok
    ? { ...conflict, status: 'settled', lastSeen: at, settledAt: at, settledBy: `resolve --keep ${keep}`, actions: [...conflict.actions, ...results.map((r) => r.action.reason)] }
    : conflict;
  store.putConflict(settled);
  return { conflict: settled, results, ok };
}
