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

/** sideParam reads a 'left' | 'right' param, resolving `newer` by the fact and `tie`. */
export function sideParam(fact: PathFact, decision: Decision, name: string): Side {
  const value = decision.params[name];
  if (value === 'left' || value === 'right') return value;
  if (value === 'newer') {
    if (fact.facts.newer !== 'same') return fact.facts.newer;
    const tie = decision.params.tie;
    return tie === 'right' ? 'right' : 'left';
  }
  throw new PlanError(fact.key, `${decision.ruleId}: param ${name} must be left, right or newer`);
}

/** trashable tells whether a file of this size goes to the trash under the soft-delete rules. */
export function trashable(entry: Entry, ctx: PlanContext): boolean {
  return ctx.softDelete.enabled && entry.type === 'file' && entry.size <= ctx.softDelete.maxBytes;
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
