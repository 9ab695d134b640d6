import type { Config } from '../config/config.js';
import { InputError } from '../model/errors.js';
import type { PolicyFacts } from '../model/fact.js';
import { classesOn, consistentFacts } from './enumerate.js';
import { Decider } from './evaluate.js';
import { compareSpecificity, implies } from './scope-glob.js';
import type { ScopeChain, ScopeIndex } from './scope.js';
import { sameEvent } from './select.js';
import { totalityErrors, type Seed } from './totality-errors.js';
import type { FactName, PolicyRule, PolicySet } from './types.js';

/** How many verdicts the proof evaluates between two turns of the event loop. */
const YIELD_EVERY = 25;

export interface TotalityFailure {
  scope: string;
  code: string;
  message: string;
  facts: PolicyFacts;
}

/** TieGroup is one pair of equal-priority rules that match together and disagree, over every chain. */
export interface TieGroup {
  rules: readonly [PolicyRule, PolicyRule];
  /** The first chain where they tie, and one combination where they do. */
  chain: ScopeChain;
  example: PolicyFacts;
  /** Fact combinations (summed over chains) where the pair ties. */
  count: number;
}

export interface TotalityReport {
  ok: boolean;
  /** Scope chain ids checked. */
  chains: string[];
  /** Consistent fact combinations covered, summed over chains. */
  combinations: number;
  /** Distinct combinations actually evaluated (projected on the facts the chain's rules read). */
  evaluated: number;
  engineRuns: number;
  ms: number;
  /** False when there were too many scopes to try every chain (then single scopes and pairs were tried). */
  exhaustive: boolean;
  /** Failing fact combinations, summed over chains. */
  failureCount: number;
  /** The first failures (up to maxFailures), one evaluated combination each. */
  failures: TotalityFailure[];
  /** Every combination no rule decides, per chain (the first MAX_GAP_CHAINS chains with any). */
  undecided: { scope: string; facts: PolicyFacts[] }[];
  ties: TieGroup[];
}

const MAX_EXACT_SCOPES = 12;
const MAX_GAP_CHAINS = 16;

/**
 * checkTotality proves that every consistent combination of facts gets exactly one winning decision
 * (no noRule, no policyTie) under every scope chain the policy set allows, for every conflict option
 * value the chain's files do not fix (so a later config change cannot break it).
 */
export async function checkTotality(set: PolicySet, config: Pick<Config, 'conflicts'>, options: { maxFailures?: number } = {}): Promise<TotalityReport> {
  const started = performance.now();
  const decider = new Decider(set, config);
  const { chains, exhaustive } = possibleChains(set, decider.scopes);
  const maxFailures = options.maxFailures ?? 50;
  const failures: TotalityFailure[] = [];
  const undecided: TotalityReport['undecided'] = [];
  const ties = new Map<string, TieGroup>();
  let failureCount = 0;
  let combinations = 0;
  let evaluated = 0;
  for (const chain of chains) {
    const all = consistentFacts(chain.overrides);
    const classes = classesOn(all, factsReadBy(chain));
    combinations += all.length;
    const gaps: PolicyFacts[] = [];
    for (const members of classes) {
      // The proof takes a second or more of CPU; a running service checks an edited config with it, and its
      // endpoint and watchers must still get their turn (promises alone never let timers or I/O run).
      if (++evaluated % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      const verdict = await decider.verdict(chain, members[0]);
      if (verdict.kind === 'decision') continue;
      failureCount += members.length;
      if (failures.length < maxFailures) failures.push({ scope: chain.id, code: verdict.code, message: verdict.message, facts: members[0] });
      if (verdict.code === 'noRule') gaps.push(...members);
      if (verdict.rules) addTies(ties, verdict.rules, chain, members);
    }
    if (gaps.length && undecided.length < MAX_GAP_CHAINS) undecided.push({ scope: chain.id, facts: gaps });
  }
  return {
    ok: failureCount === 0, chains: chains.map((c) => c.id), combinations, evaluated,
    engineRuns: decider.stats().engineRuns, ms: performance.now() - started, exhaustive, failureCount, failures,
    undecided, ties: [...ties.values()],
  };
}

/**
 * assertTotal runs checkTotality and throws one InputError with grouped, rule-naming errors (for
 * `validate`); `seed`, asked only on failure, gives the shipped rules that name what a gap lacks.
 */
export async function assertTotal(set: PolicySet, config: Pick<Config, 'conflicts'>, seed?: () => Seed | undefined): Promise<TotalityReport> {
  const report = await checkTotality(set, config);
  if (!report.ok) throw new InputError(await totalityErrors(report, set, seed?.()));
  return report;
}

// Every pair of tied rules whose events differ: rules that agree are no tie between themselves.
function addTies(ties: Map<string, TieGroup>, rules: readonly PolicyRule[], chain: ScopeChain, members: PolicyFacts[]): void {
  for (const [i, a] of rules.entries()) {
    for (const b of rules.slice(i + 1)) {
      if (sameEvent(a.event, b.event)) continue;
      const id = `${a.ruleId} ${b.ruleId}`;
      const group = ties.get(id);
      if (group) group.count += members.length;
      else ties.set(id, { rules: [a, b], chain, example: members[0], count: members.length });
    }
  }
}

/**
 * possibleChains lists the scope chains keys could have: every set of scoped levels that is closed under
 * provable implication (a key in `Accounts/2026/**` is in `Accounts/**` too) and holds no two equally
 * specific levels (those are a load error or a per-path policyTie), plus the unscoped level.
 */
export function possibleChains(set: PolicySet, scopes: ScopeIndex): { chains: ScopeChain[]; exhaustive: boolean } {
  const scoped = set.levels.flatMap((level, i) => (level.scope === null ? [] : [i]));
  const exhaustive = scoped.length <= MAX_EXACT_SCOPES;
  const subsets = exhaustive ? allSubsets(scoped) : [[], ...scoped.map((i) => [i]), ...pairs(scoped)];
  const byId = new Map<string, ScopeChain>();
  for (const subset of subsets) {
    const closed = closeUnderImplication(subset, scoped, scopes);
    const ties = closed.some((a, x) => closed.some((b, y) => x < y && compareSpecificity(set.levels[a].specificity, set.levels[b].specificity) === 0));
    if (ties) continue;
    const chain = scopes.chainOfLevels(closed);
    byId.set(chain.id, chain);
  }
  return { chains: [...byId.values()], exhaustive };
}

function closeUnderImplication(subset: number[], scoped: number[], scopes: ScopeIndex): number[] {
  const closed = new Set(scoped.filter((i) => scopes.matcher(i)!.all));
  const work = [...subset];
  for (let narrow = work.pop(); narrow !== undefined; narrow = work.pop()) {
    if (closed.has(narrow)) continue;
    closed.add(narrow);
    for (const wide of scoped) if (!closed.has(wide) && implies(scopes.matcher(narrow)!, scopes.matcher(wide)!)) work.push(wide);
  }
  return [...closed];
}

function factsReadBy(chain: ScopeChain): Set<FactName> {
  const read = new Set<FactName>();
  for (const level of chain.levels) for (const file of level.files) for (const fact of file.factsRead) read.add(fact);
  return read;
}

function allSubsets(items: number[]): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)));
  return out;
}

function pairs(items: number[]): number[][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b]));
}
