import type { Decision } from '../model/decision.js';
import type { PathFact, PolicyFacts } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Decider } from './evaluate.js';

/** MatchedRule is one rule whose conditions held, as `explain` shows it. */
export interface MatchedRule {
  ruleId: string;
  /** Scope level the rule's file belongs to. */
  scope: string;
  priority: number;
  description: string;
  event: { type: string; params: Readonly<Record<string, unknown>> };
}

/** Explanation is everything `syncwarden explain` prints about how one path is decided. */
export interface Explanation {
  key: Key;
  /** Scope chain id (PathFact.scope). */
  scope: string;
  /** Levels consulted, most specific first, with their files. */
  scopeChain: { scope: string; files: string[] }[];
  /** The facts the rules saw: the path's facts with the conflict options in force written in. */
  effectiveFacts: PolicyFacts;
  /** Every matching rule of every level, most specific level first, then by priority. */
  matched: MatchedRule[];
  /** The level whose rules decided (the first with a match), or null. */
  decidedBy: string | null;
  winner?: Decision & { description: string };
  problem?: Problem;
}

/** explainFact evaluates every level of a fact's chain afresh and reports the matches next to the decider's outcome. */
export async function explainFact(decider: Decider, fact: PathFact): Promise<Explanation> {
  const chain = decider.chainFor(fact);
  const effectiveFacts = decider.effectiveFacts(fact.facts, chain);
  const matched: MatchedRule[] = [];
  for (const level of chain.levels) {
    const rules = (await decider.matchedIn(level, effectiveFacts)).sort((a, b) => b.priority - a.priority || a.order - b.order);
    for (const rule of rules) {
      matched.push({ ruleId: rule.ruleId, scope: level.id, priority: rule.priority, description: rule.description, event: rule.event });
    }
  }
  const verdict = await decider.verdict(chain, effectiveFacts);
  const base = {
    key: fact.key,
    scope: chain.id,
    scopeChain: chain.levels.map((level) => ({ scope: level.id, files: level.files.map((f) => f.name) })),
    effectiveFacts,
    matched,
  };
  if (verdict.kind === 'problem') {
    return { ...base, decidedBy: null, problem: { path: fact.key, code: verdict.code, message: verdict.message } };
  }
  const description = matched.find((m) => m.ruleId === verdict.ruleId)?.description ?? '';
  const winner: Decision & { description: string } = {
    key: fact.key, action: verdict.action, params: { ...verdict.params }, ruleId: verdict.ruleId, description,
    ...(verdict.conflict ? { conflict: verdict.conflict } : {}),
  };
  return { ...base, decidedBy: verdict.level, winner };
}
