import { resolve } from 'node:path';
import type { FieldError } from '../model/errors.js';
import { FACT_NAMES, type PolicyFacts } from '../model/fact.js';
import { describeFacts, FACT_DOMAINS, factsCode } from './domains.js';
import { Decider } from './evaluate.js';
import { exampleKey, normaliseScope } from './scope-glob.js';
import type { ScopeChain } from './scope.js';
import type { TieGroup, TotalityReport } from './totality.js';
import type { Condition, FactName, PolicyFile, PolicyRule, PolicySet } from './types.js';

/** Seed is the shipped policy set (policies/default.json5): the rules a gap in another set is explained by. */
export type Seed = PolicySet;

// More missing seed rules than this reads as "started without the seed rules": one line saying how to start.
const MANY_GAPS = 3;
// Only read by Decider.effectiveFacts, which explaining gaps never calls: the facts carry their options.
const ANY_OPTIONS = { conflicts: { bothChanged: 'option1', bothCreated: 'option1', bothPropsChanged: 'option1' } } as const;

interface Gap {
  scopes: Set<string>;
  /** Distinct combinations (by factsCode) without a rule. */
  facts: Map<number, PolicyFacts>;
  seedRule?: { file: PolicyFile; rule: PolicyRule };
}

/**
 * totalityErrors turns a failed report into what `validate` prints, grouped so that one mistake gives
 * one line: a line per pair of tied rules (naming both, with an example path), and a line per seed rule
 * whose cases no rule decides (or one line saying to start from the seed rules when many are missing);
 * without a seed, a line per scope chain.
 */
export async function totalityErrors(report: TotalityReport, set: PolicySet, seed?: Seed): Promise<FieldError[]> {
  const gaps = seed && resolve(seed.dir) !== resolve(set.dir) ? await bySeedRule(report.undecided, seed) : byChain(report.undecided);
  const named = gaps.filter((g) => g.seedRule);
  const gapErrors = seed && named.length > MANY_GAPS
    ? [startFromSeed(gaps, set, seed), ...gaps.filter((g) => !g.seedRule).map((g) => gapError(g, set))]
    : gaps.map((g) => gapError(g, set));
  const ties = [...report.ties].sort((x, y) => x.rules[0].order - y.rules[0].order || x.rules[1].order - y.rules[1].order);
  return [...gapErrors, ...ties.map((t) => tieError(t, set))];
}

async function bySeedRule(undecided: TotalityReport['undecided'], seed: Seed): Promise<Gap[]> {
  const decider = new Decider(seed, ANY_OPTIONS);
  const chain = decider.scopes.chainOfLevels([]);
  const rules = new Map(seed.files.flatMap((file) => file.rules.map((rule) => [rule.ruleId, { file, rule }] as const)));
  const gaps = new Map<string, Gap>();
  for (const { scope, facts } of undecided) {
    for (const f of facts) {
      const verdict = await decider.verdict(chain, f);
      const id = verdict.kind === 'decision' ? verdict.ruleId : '';
      let gap = gaps.get(id);
      if (!gap) gaps.set(id, (gap = { scopes: new Set(), facts: new Map(), ...(rules.has(id) ? { seedRule: rules.get(id)! } : {}) }));
      gap.scopes.add(scope);
      gap.facts.set(factsCode(f), f);
    }
  }
  return [...gaps.values()];
}

function byChain(undecided: TotalityReport['undecided']): Gap[] {
  return undecided.map(({ scope, facts }) => ({ scopes: new Set([scope]), facts: new Map(facts.map((f) => [factsCode(f), f])) }));
}

function gapError(gap: Gap, set: PolicySet): FieldError {
  const facts = [...gap.facts.values()];
  const found = `noRule for ${count(facts.length, 'fact combination')}`;
  if (!gap.seedRule) {
    return { file: set.dir, field: scopesField(gap.scopes), expected: 'exactly one winning rule', found: `${found}, e.g. ${describeFacts(facts[0])}` };
  }
  const { file, rule } = gap.seedRule;
  const shared = sharedFacts(facts, factsOf(rule.conditions));
  return {
    file: set.dir,
    field: scopesField(gap.scopes),
    expected: `a rule for ${shared || 'these cases'}, as ${file.name} ${ruleLabel(file, rule)} decides them in the shipped policies (copy it from ${file.file})`,
    found,
  };
}

function startFromSeed(gaps: Gap[], set: PolicySet, seed: Seed): FieldError {
  const named = gaps.filter((g) => g.seedRule);
  const scopes = new Set(named.flatMap((g) => [...g.scopes]));
  const total = named.reduce((n, g) => n + g.facts.size, 0);
  const names = named.map((g) => g.seedRule!.rule.name);
  const seedRules = seed.files.reduce((n, f) => n + f.rules.length, 0);
  return {
    file: set.dir,
    field: scopesField(scopes),
    expected: `a rule for every case; start from the seed rules: copy ${seed.files.map((f) => f.file).join(' and ')} into ${set.dir}, ` +
      'then change or add rules there (a scoped file of your own can override them for some folders)',
    found: `noRule for ${count(total, 'fact combination')}, which ${names.length} of the ${seedRules} seed rules decide (${list(names, 6)})`,
  };
}

function tieError(tie: TieGroup, set: PolicySet): FieldError {
  const [a, b] = tie.rules;
  const [fa, fb] = [fileOf(set, a), fileOf(set, b)];
  const other = `${fb === fa ? '' : `${fb.name} `}${ruleLabel(fb, b)}`;
  const shared = sharedFacts([tie.example], new Set([...factsOf(a.conditions), ...factsOf(b.conditions)]));
  return {
    file: fa.file,
    field: ruleLabel(fa, a),
    expected: `a priority other than ${a.priority}, or conditions that never hold together with ${other}`,
    found: `policyTie: both match and disagree (${eventText(a)} vs ${eventText(b)}) for ${count(tie.count, 'fact combination')}, ` +
      `e.g. ${examplePath(tie.chain, set)} when ${shared}`,
  };
}

/** ruleLabel names a rule the way its file is read: `rules[26] 'deletedLeft'`. */
function ruleLabel(file: PolicyFile, rule: PolicyRule): string {
  return `rules[${file.rules.indexOf(rule)}] '${rule.name}'`;
}

function fileOf(set: PolicySet, rule: PolicyRule): PolicyFile {
  return set.files.find((f) => f.rules.includes(rule))!;
}

function examplePath(chain: ScopeChain, set: PolicySet): string {
  const level = chain.levels.find((l) => l.scope !== null);
  if (!level) return set.levels.some((l) => l.scope !== null) ? 'a path outside every scope' : 'any path';
  const key = exampleKey(normaliseScope(level.scope!, false));
  if (key === null) return `a path in scope ${level.scope}`;
  return level.id.endsWith('/**') ? `${key}/x` : key;
}

function eventText(rule: PolicyRule): string {
  const params = Object.entries(rule.event.params).filter(([k]) => k !== 'conflict');
  return params.length ? `${rule.event.type} ${params.map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : rule.event.type;
}

/**
 * sharedFacts renders what the combinations have in common on the facts in `names`: one value
 * (`left=deleted`), a few (`left=modified|propsChanged`), or nothing when they take every value.
 */
function sharedFacts(all: PolicyFacts[], names: ReadonlySet<FactName>): string {
  const parts: string[] = [];
  for (const name of FACT_NAMES.filter((n) => names.has(n))) {
    const values = [...new Set(all.map((f) => f[name]))];
    if (values.length < FACT_DOMAINS[name].length) parts.push(`${name}=${values.map(String).join('|')}`);
  }
  return parts.join(' ');
}

function factsOf(condition: Condition, out = new Set<FactName>()): Set<FactName> {
  if ('fact' in condition) out.add(condition.fact);
  else if ('not' in condition) factsOf(condition.not, out);
  else for (const child of 'all' in condition ? condition.all : condition.any) factsOf(child, out);
  return out;
}

function scopesField(scopes: Set<string>): string {
  return scopes.size === 1 ? `scope ${[...scopes][0]}` : `scopes ${list([...scopes], 3)}`;
}

function list(items: string[], max: number): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
