import type { FieldError } from '../model/errors.js';
import { FACT_NAMES } from '../model/fact.js';
import { PLAN_ACTIONS, PLAN_PARAM_VALUES, type PlanActionName } from '../plan/action-names.js';
import { FACT_DOMAINS } from './domains.js';
import type { FactName } from './types.js';

type Raw = Record<string, unknown>;
type Report = (field: string, expected: string, found?: unknown) => void;

const LISTS = ['in', 'notIn'];

/**
 * checkPolicySemantics reports what the schema cannot say about a parsed policy file (value domains,
 * action params, duplicate names, condition shape, scope form) and returns the facts its conditions read.
 * It tolerates shapes the schema already rejected, so every error is reported once.
 */
export function checkPolicySemantics(data: unknown, file: string): { errors: FieldError[]; factsRead: Set<FactName> } {
  const errors: FieldError[] = [];
  const factsRead = new Set<FactName>();
  const report: Report = (field, expected, found) =>
    errors.push({ file, field, expected, ...(found !== undefined ? { found: show(found) } : {}) });
  if (!isObject(data)) return { errors, factsRead };
  if (typeof data.scope === 'string') checkScope(data.scope, report);
  const rules = Array.isArray(data.rules) ? data.rules : [];
  const options = isObject(data.conflicts) ? Object.keys(data.conflicts) : [];
  // A file with neither is a mistake (rules misspelt, or saved half-written), not a no-op to accept silently.
  if (rules.length === 0 && options.length === 0 && data.movesOut === undefined) {
    report('rules', 'a non-empty list of rules, or conflicts options or movesOut for the scope (a file with none of them changes nothing)', data.rules);
  }
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const at = `rules[${i}]`;
    if (typeof rule.name === 'string') {
      const first = seen.get(rule.name);
      if (first !== undefined) report(`${at}.name`, `a name no other rule in this file uses (rules[${first}] has it)`, rule.name);
      else seen.set(rule.name, i);
    }
    if (isObject(rule.conditions)) checkTop(rule.conditions, `${at}.conditions`, report, factsRead);
    if (isObject(rule.event)) checkEvent(rule.event, `${at}.event`, report);
  });
  return { errors, factsRead };
}

function checkScope(scope: string, report: Report): void {
  // One leading '/' anchors the pattern at the root (as in ignore[]); the rest is a relative glob.
  const segments = scope.replace(/^\//, '').split('/');
  if (scope.includes('\\')) report('scope', 'a glob with / separators (no backslashes)', scope);
  else if (scope.startsWith('!')) report('scope', 'a positive glob (a scope cannot be a negation)', scope);
  else if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    report('scope', 'a glob without empty, "." or ".." segments (e.g. "*.docx", "Accounts/**", "/*.docx")', scope);
  }
}

function checkTop(node: Raw, at: string, report: Report, factsRead: Set<FactName>): void {
  if ('fact' in node && !('all' in node || 'any' in node || 'not' in node)) {
    report(at, 'all, any or not at the top of conditions (wrap a single test in { all: [ … ] })');
    return;
  }
  checkNode(node, at, report, factsRead);
}

function checkNode(node: Raw, at: string, report: Report, factsRead: Set<FactName>): void {
  const kinds = ['all', 'any', 'not', 'fact'].filter((k) => k in node);
  if (kinds.length !== 1) {
    report(at, 'exactly one of all, any, not or fact', kinds.length ? kinds.join(' + ') : 'none of them');
    return;
  }
  const kind = kinds[0];
  if (kind === 'fact') return checkLeaf(node, at, report, factsRead);
  if ('operator' in node || 'value' in node) report(at, `no operator or value beside ${kind}`);
  if (kind === 'not') {
    if (isObject(node.not)) checkNode(node.not, `${at}.not`, report, factsRead);
    return;
  }
  const list = node[kind];
  if (Array.isArray(list)) list.forEach((child, i) => isObject(child) && checkNode(child, `${at}.${kind}[${i}]`, report, factsRead));
}

function checkLeaf(node: Raw, at: string, report: Report, factsRead: Set<FactName>): void {
  if (!('operator' in node)) report(`${at}.operator`, 'one of "equal", "notEqual", "in", "notIn" (required)', 'nothing');
  if (!('value' in node)) report(`${at}.value`, 'a value (required)', 'nothing');
  const fact = node.fact as FactName;
  // Unknown fact names and operators were reported by the schema.
  if (!(FACT_NAMES as readonly unknown[]).includes(fact)) return;
  factsRead.add(fact);
  if (!('value' in node) || typeof node.operator !== 'string') return;
  const domain = FACT_DOMAINS[fact] as readonly unknown[];
  const allowed = `one of ${domain.map((v) => JSON.stringify(v)).join(', ')} (the values of fact ${fact})`;
  if (LISTS.includes(node.operator)) {
    if (!Array.isArray(node.value) || node.value.length === 0) {
      report(`${at}.value`, `a non-empty list for ${node.operator}, each ${allowed}`, node.value);
      return;
    }
    node.value.forEach((v, i) => domain.includes(v) || report(`${at}.value[${i}]`, allowed, v));
  } else if (!domain.includes(node.value)) {
    report(`${at}.value`, allowed, node.value);
  }
}

function checkEvent(event: Raw, at: string, report: Report): void {
  const type = event.type as PlanActionName;
  // An unknown action type was reported by the schema; its params cannot be judged.
  if (!Object.hasOwn(PLAN_ACTIONS, type)) return;
  const params = isObject(event.params) ? event.params : {};
  const specs: readonly string[] = PLAN_ACTIONS[type].params;
  const known = new Set([...specs.map((p) => p.replace('?', '')), 'conflict']);
  for (const spec of specs) {
    const name = spec.replace('?', '');
    if (!spec.endsWith('?') && !(name in params)) {
      report(`${at}.params.${name}`, `${valuesOf(name)} (${type} requires ${name})`, 'nothing');
    }
  }
  for (const [name, value] of Object.entries(params)) {
    if (!known.has(name)) {
      report(`${at}.params.${name}`, `no such param for ${type} (it takes ${[...known].join(', ')})`);
      continue;
    }
    const values = PLAN_PARAM_VALUES[name as keyof typeof PLAN_PARAM_VALUES] as readonly unknown[];
    if (!values.includes(value)) report(`${at}.params.${name}`, valuesOf(name), value);
  }
  // Who wins equal mtimes is the policy's word, not a default in the planner.
  if (known.has('tie') && !('tie' in params) && (params.winner === 'newer' || params.mtime === 'newer')) {
    report(`${at}.params.tie`, `${valuesOf('tie')} (the side that wins when the mtimes are within the tolerance; needed with 'newer')`, 'nothing');
  }
}

function valuesOf(param: string): string {
  const values = PLAN_PARAM_VALUES[param as keyof typeof PLAN_PARAM_VALUES] as readonly unknown[];
  return `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
