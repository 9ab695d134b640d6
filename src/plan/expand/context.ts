import type { Action } from '../../model/action.js';
import type { Decision } from '../../model/decision.js';
import type { Entry, Tree } from '../../model/entry.js';
import type { PathFact } from '../../model/fact.js';
import { toKey, type Key } from '../../model/key.js';
import type { Side } from '../../model/side.js';

/** PlanContext is what expansions may read besides the fact: both listings and the settings that shape actions. */
export interface PlanContext {
  trees: Record<Side, Tree>;
  caseInsensitive: boolean;
  mtimeToleranceMs: number;
  softDelete: { enabled: boolean; maxBytes: number; onOverwrite: boolean };
  /** Keys already used on either side, in the base, or allocated earlier in this plan (clash names). */
  taken: { has(key: Key): boolean; add(key: Key): void };
  /** Any key's fact (a move reads the fact of the path it came from). */
  factOf?: (key: Key) => PathFact | undefined;
}

/** Expand turns one decision into executor actions (pure). */
export type Expand = (fact: PathFact, decision: Decision, ctx: PlanContext) => Action[];

/** entryOf returns a side's entry or throws: a policy asked to act on a side that holds nothing. */
export function entryOf(fact: PathFact, side: Side, decision: Decision): Entry {
  const entry = fact[side];
  if (!entry) throw new PlanError(fact.key, `${decision.ruleId}: action ${decision.action} needs a ${side} entry, but ${side} is ${fact.facts[side]}`);
  return entry;
}

/** sideParam reads a 'left' | 'right' param, resolving `newer` by the fact and, when the mtimes are within the tolerance, the policy's `tie`. */
export function sideParam(fact: PathFact, decision: Decision, name: string): Side {
  const value = decision.params[name];
  if (value === 'left' || value === 'right') return value;
  if (value === 'newer') {
    if (fact.facts.newer !== 'same') return fact.facts.newer;
    const tie = decision.params.tie;
    if (tie === 'left' || tie === 'right') return tie;
    throw new PlanError(fact.key, `${decision.ruleId}: param ${name} is newer, the mtimes are within the tolerance, and no tie says who wins`);
  }
  throw new PlanError(fact.key, `${decision.ruleId}: param ${name} must be left, right or newer`);
}

/**
 * trashes reads a decision's trash param (`trash` for a delete, `trashOverwritten` for an overwrite): `true`
 * or `false` as the policy says, `'soft'` (the default) under the soft-delete settings: enabled, a file no
 * larger than `maxSizeMB`, and for an overwrite `onOverwrite`.
 */
export function trashes(decision: Decision, param: 'trash' | 'trashOverwritten', entry: Entry, ctx: PlanContext): boolean {
  const value = decision.params[param] ?? 'soft';
  if (typeof value === 'boolean') return value && entry.type === 'file';
  if (value !== 'soft') throw new PlanError(decision.key, `${decision.ruleId}: param ${param} must be 'soft', true or false`);
  const soft = ctx.softDelete.enabled && entry.type === 'file' && entry.size <= ctx.softDelete.maxBytes;
  return soft && (param === 'trash' || ctx.softDelete.onOverwrite);
}

/** relOf is a path's spelling on disk for people: left's, else right's, else the base's (the key may be case-folded). */
export function relOf(fact: PathFact): string {
  return fact.left?.rel ?? fact.right?.rel ?? fact.base?.left.rel ?? fact.base?.right.rel ?? fact.key;
}

/** claim records a new key as taken in this plan and returns it. */
export function claim(ctx: PlanContext, rel: string): Key {
  const key = toKey(rel, ctx.caseInsensitive);
  ctx.taken.add(key);
  return key;
}

/** base fields every action of a decision shares. */
export function provenance(decision: Decision, reason: string) {
  return { ruleId: decision.ruleId, reason };
}

/** PlanError is a decision that cannot be carried out with the facts at hand (a policy bug); reported per path. */
export class PlanError extends Error {
  constructor(readonly key: Key, message: string) {
    super(message);
    this.name = 'PlanError';
  }
}
