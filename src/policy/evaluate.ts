import type { Config } from '../config/config.js';
import type { Decision } from '../model/decision.js';
import type { PathFact, PolicyFacts } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import { describeFacts, factsCode, factsOutOfDomain, readMask } from './domains.js';
import { FileEngine } from './engine.js';
import { explainFact, type Explanation } from './explain.js';
import { ScopeIndex, type ScopeChain } from './scope.js';
import { selectWinner, type Selection } from './select.js';
import type { ConflictOptions, PolicyRule, PolicySet, ScopeLevel } from './types.js';

/** Verdict is the outcome for one (scope chain, facts) pair, before it is bound to a key. */
export type Verdict =
  | { kind: 'decision'; action: string; params: Readonly<Record<string, unknown>>; ruleId: string; conflict?: string; level: string }
  | { kind: 'problem'; code: 'noRule' | 'policyTie' | 'badFacts'; message: string; rules?: readonly PolicyRule[] };

export interface DecideResult {
  decisions: Map<Key, Decision>;
  problems: Problem[];
}

export interface DeciderOptions {
  /** false: run the engines for every evaluation (the reference that proves the memo sound). Default true. */
  memo?: boolean;
}

/**
 * Decider turns path facts into decisions through a policy set: it finds each key's scope chain, writes
 * the conflict options in force into the facts, and evaluates the chain's levels from most to least
 * specific, memoising by chain and the code of the facts its rules read.
 */
export class Decider {
  readonly set: PolicySet;
  readonly scopes: ScopeIndex;
  readonly #options: ConflictOptions;
  readonly #memo: boolean;
  readonly #engines = new Map<ScopeLevel, FileEngine[]>();
  readonly #verdicts = new Map<ScopeChain, Map<number, Verdict>>();
  readonly #selections = new Map<ScopeLevel, Map<number, Selection<PolicyRule>>>();
  readonly #chainOptions = new Map<ScopeChain, ConflictOptions>();
  readonly #levelReads = new Map<ScopeLevel, boolean[]>();
  readonly #chainReads = new Map<ScopeChain, boolean[]>();
  /** The one chain of every key when no policy file has a scope (the default policies): no per-key lookup. */
  readonly #onlyChain: ScopeChain | undefined;

  constructor(set: PolicySet, config: Pick<Config, 'conflicts'>, options: DeciderOptions = {}) {
    this.set = set;
    this.scopes = new ScopeIndex(set);
    // What ScopeIndex.chainOf answers for every key then; asking it costs a parent-folder string and a map lookup
    // per key, for each of the 90,000 unchanged paths of a pass.
    this.#onlyChain = set.levels.every((level) => level.scope === null) ? this.scopes.chainOfLevels([]) : undefined;
    this.#options = { ...config.conflicts };
    this.#memo = options.memo ?? true;
    for (const level of set.levels) {
      this.#engines.set(level, level.files.map((file) => new FileEngine(file)));
      this.#levelReads.set(level, readMask(level.files.flatMap((file) => [...file.factsRead])));
    }
  }

  /** scopeOf returns the id of the scope chain governing a key (what PathFact.scope holds). */
  scopeOf(key: Key): string {
    return (this.#onlyChain ?? this.scopes.chainOf(key)).id;
  }

  /**
   * chainFor returns the chain that decides a fact: its own key's, except for a path that moved here from
   * another scope (`cameFrom`: a moved entry, or a path inside a moved folder), where the old path's chain
   * decides when its policies say `movesOut: 'source'`.
   */
  chainFor(fact: PathFact): ScopeChain {
    if (this.#onlyChain) return this.#onlyChain;
    const here = this.scopes.chainOf(fact.key);
    if (fact.cameFrom === undefined) return here;
    const there = this.scopes.chainOf(fact.cameFrom);
    return there !== here && there.movesOut === 'source' ? there : here;
  }

  /** effectiveFacts returns the facts with the conflict options in force for the chain written in (never mutating `facts`). */
  effectiveFacts(facts: PolicyFacts, chain: ScopeChain): PolicyFacts {
    let options = this.#chainOptions.get(chain);
    if (!options) {
      options = { ...this.#options, ...chain.overrides };
      this.#chainOptions.set(chain, options);
    }
    // Facts that already carry these options (a second pass, or a caller that wrote them) are reused as they are.
    const same = facts.bothChanged === options.bothChanged && facts.bothCreated === options.bothCreated && facts.bothPropsChanged === options.bothPropsChanged;
    return same ? facts : { ...facts, ...options };
  }

  /**
   * decideAll decides every fact; a path no rule decides, or decides ambiguously, becomes a problem
   * instead. Each PathFact gets its scope id and the facts the rules saw (conflict options in force
   * written in, as a new object), so the planner and conflict records name the options actually applied.
   */
  async decideAll(facts: Iterable<PathFact>): Promise<DecideResult> {
    const decisions = new Map<Key, Decision>();
    const problems: Problem[] = [];
    for (const fact of facts) {
      const chain = this.chainFor(fact);
      const effective = this.effectiveFacts(fact.facts, chain);
      fact.facts = effective;
      fact.scope = chain.id;
      const known = this.#memo ? this.#verdicts.get(chain)?.get(factsCode(effective, this.#chainRead(chain))) : undefined;
      const verdict = known ?? (await this.verdict(chain, effective));
      if (verdict.kind === 'decision') decisions.set(fact.key, toDecision(fact.key, verdict));
      else problems.push({ path: fact.key, code: verdict.code, message: verdict.message });
    }
    return { decisions, problems };
  }

  /** decide decides one fact (a Decision, or the Problem that stands in for it). */
  async decide(fact: PathFact): Promise<Decision | Problem> {
    const { decisions, problems } = await this.decideAll([fact]);
    return decisions.get(fact.key) ?? problems[0];
  }

  /** verdict evaluates a chain on facts whose conflict options are already in force (memoised unless disabled). */
  async verdict(chain: ScopeChain, facts: PolicyFacts): Promise<Verdict> {
    const code = factsCode(facts, this.#chainRead(chain));
    let memo = this.#verdicts.get(chain);
    if (!memo) this.#verdicts.set(chain, (memo = new Map()));
    const known = this.#memo ? memo.get(code) : undefined;
    if (known) return known;
    const verdict = await this.#evaluate(chain, facts);
    // Facts outside their domain (code -1) all share one code, so their verdicts are not kept.
    if (this.#memo && code >= 0) memo.set(code, verdict);
    return verdict;
  }

  /** levelSelection evaluates one level (all its files) and selects its winner, memoised per level unless disabled. */
  async levelSelection(level: ScopeLevel, facts: PolicyFacts): Promise<Selection<PolicyRule>> {
    const code = factsCode(facts, this.#levelReads.get(level));
    let memo = this.#selections.get(level);
    if (!memo) this.#selections.set(level, (memo = new Map()));
    const known = this.#memo ? memo.get(code) : undefined;
    if (known) return known;
    const matched: PolicyRule[] = [];
    for (const engine of this.#engines.get(level)!) matched.push(...(await engine.matchingRules(facts)));
    const selection = selectWinner(matched);
    if (this.#memo && code >= 0) memo.set(code, selection);
    return selection;
  }

  /** matchedIn runs a level's engines afresh and returns every rule that matched (for explain). */
  async matchedIn(level: ScopeLevel, facts: PolicyFacts): Promise<PolicyRule[]> {
    const matched: PolicyRule[] = [];
    for (const engine of this.#engines.get(level)!) matched.push(...(await engine.matchingRules(facts)));
    return matched;
  }

  /** explain tells how a fact is decided: its scope chain, the facts the rules saw, every rule that matched, and the outcome. */
  explain(fact: PathFact): Promise<Explanation> {
    return explainFact(this, fact);
  }

  /** stats reports the work done so far: engine runs, memoised verdicts and chains seen. */
  stats(): { engineRuns: number; verdicts: number } {
    let engineRuns = 0;
    for (const engines of this.#engines.values()) for (const engine of engines) engineRuns += engine.runs;
    let verdicts = 0;
    for (const memo of this.#verdicts.values()) verdicts += memo.size;
    return { engineRuns, verdicts };
  }

  // A chain's rules read only the facts its files name: memo codes ignore the rest (90k paths → dozens of runs).
  #chainRead(chain: ScopeChain): boolean[] {
    let read = this.#chainReads.get(chain);
    if (!read) {
      read = readMask(chain.levels.flatMap((level) => level.files.flatMap((file) => [...file.factsRead])));
      this.#chainReads.set(chain, read);
    }
    return read;
  }

  async #evaluate(chain: ScopeChain, facts: PolicyFacts): Promise<Verdict> {
    const bad = factsOutOfDomain(facts);
    if (bad) return { kind: 'problem', code: 'badFacts', message: `facts outside their domain: ${bad}` };
    if (chain.tie) return { kind: 'problem', code: 'policyTie', message: `${chain.tie}; make one scope more specific` };
    for (const level of chain.levels) {
      const selection = await this.levelSelection(level, facts);
      if (selection.kind === 'none') continue;
      if (selection.kind === 'tie') {
        const rules = selection.rules.map((r) => `${r.ruleId} → ${r.event.type}`).join(', ');
        return { kind: 'problem', code: 'policyTie', message: `rules of equal priority ${selection.rules[0].priority} disagree: ${rules}`, rules: selection.rules };
      }
      const { rule } = selection;
      const conflict = typeof rule.event.params.conflict === 'string' ? rule.event.params.conflict : undefined;
      return { kind: 'decision', action: rule.event.type, params: rule.event.params, ruleId: rule.ruleId, level: level.id, ...(conflict ? { conflict } : {}) };
    }
    return { kind: 'problem', code: 'noRule', message: `no policy rule matches in scope ${chain.id}: ${describeFacts(facts)}` };
  }
}

function toDecision(key: Key, verdict: Extract<Verdict, { kind: 'decision' }>): Decision {
  const decision: Decision = { key, action: verdict.action, params: verdict.params as Record<string, unknown>, ruleId: verdict.ruleId };
  if (verdict.conflict) decision.conflict = verdict.conflict;
  return decision;
}
