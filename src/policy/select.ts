/** Candidate is what selection needs to know of a matched rule. */
export interface Candidate {
  ruleId: string;
  priority: number;
  /** Position in the policy set: the deterministic pick among equal rules with equal events. */
  order: number;
  event: { type: string; params: Readonly<Record<string, unknown>> };
}

export type Selection<T extends Candidate> =
  | { kind: 'none' }
  | { kind: 'winner'; rule: T }
  | { kind: 'tie'; rules: T[] };

/**
 * selectWinner picks the matched rule of highest priority. Rules sharing the top priority must agree on
 * the event (then the first in file order is named); if they disagree the policy is ambiguous: a tie.
 */
export function selectWinner<T extends Candidate>(matched: readonly T[]): Selection<T> {
  if (matched.length === 0) return { kind: 'none' };
  let top = -Infinity;
  for (const rule of matched) if (rule.priority > top) top = rule.priority;
  const best = matched.filter((rule) => rule.priority === top).sort((a, b) => a.order - b.order);
  const first = best[0];
  const rivals = best.filter((rule) => !sameEvent(rule.event, first.event));
  return rivals.length ? { kind: 'tie', rules: best } : { kind: 'winner', rule: first };
}

/** sameEvent tells whether two events name the same action with the same params (key order ignored). */
export function sameEvent(a: Candidate['event'], b: Candidate['event']): boolean {
  return a.type === b.type && canonicalParams(a.params) === canonicalParams(b.params);
}

/** canonicalParams renders params with sorted keys, so equal params give equal strings. */
export function canonicalParams(params: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}
