import type { Action } from '../model/action.js';
import type { Decision } from '../model/decision.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { PlanActionName } from './action-names.js';
import { PlanError, type PlanContext } from './expand/context.js';
import { conflictRecord } from './expand/conflicts.js';
import { EXPANSIONS } from './expand/index.js';
import { orderActions } from './order.js';
import { followAsides } from './aside.js';
import { followRespellings } from './respell.js';

export interface Plan {
  actions: Action[];
  problems: Problem[];
}

/** buildPlan expands every decision into executor actions and orders them (pure). */
export function buildPlan(facts: Iterable<PathFact>, decisions: ReadonlyMap<Key, Decision>, ctx: PlanContext): Plan {
  const actions: Action[] = [];
  const problems: Problem[] = [];
  const recorded = new Set<Key>();
  for (const fact of facts) {
    if (fact.base) recorded.add(fact.key);
    const decision = decisions.get(fact.key);
    if (!decision) continue;
    const expand = EXPANSIONS[decision.action as PlanActionName];
    if (!expand) {
      problems.push({ path: fact.key, code: 'unknownAction', message: `${decision.ruleId}: no action named ${decision.action}` });
      continue;
    }
    try {
      const expanded = expand(fact, decision, ctx);
      // Every conflict is recorded and notified, whatever action its option chose.
      if (decision.conflict && !expanded.some((a) => a.kind === 'conflict')) {
        expanded.unshift(conflictRecord(fact, decision, false, expanded.map((a) => a.reason)));
      }
      actions.push(...expanded);
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      problems.push({ path: fact.key, code: 'planError', message: err.message });
    }
  }
  return { actions: orderActions(followAsides(followRespellings(actions), (key) => recorded.has(key))), problems };
}
