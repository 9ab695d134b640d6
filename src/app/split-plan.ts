import { actionKeys, type Action, type CopyAction } from '../model/action.js';
import type { Key } from '../model/key.js';
import { hasIo } from '../plan/summary.js';

/** SplitPlan is a plan cut for a long-running caller: what runs now, what goes to a background lane, and what waits. */
export interface SplitPlan {
  run: Action[];
  /** Copies handed to a background lane (each its key's only action on disk). */
  later: CopyAction[];
  /** Keys whose actions wait: another piece of work holds them (a copy still in flight). */
  held: Set<Key>;
}

/**
 * splitPlan keeps the plan's order and decisions and only says when each action runs (pure): the actions of a
 * busy key wait for a later pass, and a copy `toLane` picks goes to a background lane when it is its key's only
 * action on disk (a copy that goes with a rename or a delete of its key runs with them).
 */
export function splitPlan(actions: readonly Action[], toLane: (a: CopyAction) => boolean, busy: ReadonlySet<Key>): SplitPlan {
  const io = new Map<Key, number>();
  for (const a of actions) if (hasIo(a)) for (const k of actionKeys(a)) io.set(k, (io.get(k) ?? 0) + 1);
  const out: SplitPlan = { run: [], later: [], held: new Set() };
  for (const a of actions) {
    const keys = actionKeys(a);
    const taken = keys.filter((k) => busy.has(k));
    if (taken.length) for (const k of keys) out.held.add(k);
    else if (a.kind === 'copy' && toLane(a) && io.get(a.key) === 1) out.later.push(a);
    else out.run.push(a);
  }
  // A key held by one action is held whole: none of its actions may run without the others.
  if (out.held.size) {
    const free = (a: Action) => !actionKeys(a).some((k) => out.held.has(k));
    out.run = out.run.filter(free);
    out.later = out.later.filter(free);
  }
  return out;
}
