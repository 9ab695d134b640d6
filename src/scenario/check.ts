import { merge } from '../config/load.js';
import { schemaErrors } from '../config/schema-check.js';
import type { FieldError } from '../model/errors.js';
import { CHANGE_OPS } from './format.js';
import { parseTime, TIME_EXPECTED } from './time.js';

type Raw = Record<string, unknown>;
type Report = (field: string, expected: string, found?: unknown) => void;

/** Keys the runner owns: a scenario's config may not move the roots, the state or the policies. */
const RUNNER_KEYS = ['left', 'right', 'stateDir', 'policies'];

/**
 * checkScenario reports what the schema cannot say about parsed scenario data: one operation per change,
 * relative paths, times, tree names, a complete expectation, and the config and policy files it embeds.
 * It tolerates shapes the schema already rejected.
 */
export function checkScenario(data: unknown, file: string): FieldError[] {
  const errors: FieldError[] = [];
  const report: Report = (field, expected, found) =>
    errors.push({ file, field, expected, ...(found !== undefined ? { found: show(found) } : {}) });
  if (!isObject(data)) return errors;
  if (isObject(data.initial)) for (const side of ['both', 'left', 'right']) checkTree(data.initial[side], `initial.${side}`, report);
  const rounds: unknown[] = Array.isArray(data.history) ? data.history : [];
  rounds.forEach((round, i) => checkSides(round, `history[${i}]`, report));
  checkSides(data.changes, 'changes', report);
  checkSync(data.sync, 'sync', report);
  rounds.forEach((round, i) => isObject(round) && checkSync(round.sync, `history[${i}].sync`, report));
  if (isObject(data.expect)) checkExpect(data.expect, report);
  if (isObject(data.config)) errors.push(...configErrors(data.config, 'config', file));
  const steps: [unknown, string][] = [...rounds.map((round, i): [unknown, string] => [round, `history[${i}]`]), [data.changes, 'changes']];
  for (const [step, at] of steps) if (isObject(step) && isObject(step.config)) errors.push(...configErrors(step.config, `${at}.config`, file));
  if (isObject(data.policies)) {
    for (const [name, policy] of Object.entries(data.policies)) {
      errors.push(...schemaErrors('policy', structuredClone(policy), file).map((e) => prefixed(e, `policies.${name}`)));
    }
  }
  return errors;
}

function checkSides(sides: unknown, at: string, report: Report): void {
  if (!isObject(sides)) return;
  for (const side of ['left', 'right']) {
    const list = sides[side];
    if (Array.isArray(list)) list.forEach((change, i) => isObject(change) && checkChange(change, `${at}.${side}[${i}]`, report));
  }
}

function checkSync(sync: unknown, at: string, report: Report): void {
  if (isObject(sync) && Array.isArray(sync.paths)) sync.paths.forEach((p, i) => checkRel(p, `${at}.paths[${i}]`, report));
}

function checkChange(change: Raw, at: string, report: Report): void {
  const ops = CHANGE_OPS.filter((op) => op in change);
  if (ops.length !== 1) {
    report(at, `exactly one operation of ${CHANGE_OPS.join(', ')}`, ops.length ? ops.join(' + ') : 'none');
  }
  for (const key of [...ops, 'to']) checkRel(change[key], `${at}.${key}`, report);
  checkTime(change.mtime, `${at}.mtime`, report);
}

function checkTree(tree: unknown, at: string, report: Report): void {
  if (!isObject(tree)) return;
  for (const [name, value] of Object.entries(tree)) {
    const field = `${at}.${name}`;
    const bare = name.endsWith('/') ? name.slice(0, -1) : name;
    if (bare === '' || bare === '.' || bare === '..' || /[/\\]/.test(bare)) {
      report(field, "a single name (a folder ends with '/'; nest folders instead of writing paths)", name);
    } else if (name.endsWith('/')) checkTree(value, field, report);
    else if (isObject(value)) checkTime(value.mtime, `${field}.mtime`, report);
  }
}

function checkExpect(expect: Raw, report: Report): void {
  const hasBoth = 'both' in expect;
  if (hasBoth && ('left' in expect || 'right' in expect)) report('expect.both', 'either both, or left and right (not both forms)');
  if (!hasBoth && !('left' in expect && 'right' in expect)) report('expect', 'both, or left and right: the trees after the pass');
  for (const side of ['both', 'left', 'right']) checkTree(expect[side], `expect.${side}`, report);
  if (isObject(expect.trash)) for (const side of ['left', 'right']) checkTree(expect.trash[side], `expect.trash.${side}`, report);
}

function checkRel(path: unknown, at: string, report: Report): void {
  if (typeof path !== 'string') return;
  const parts = path.split('/');
  if (path.includes('\\') || path.startsWith('/') || /^[A-Za-z]:/.test(path) || parts.some((p) => p === '' || p === '.' || p === '..')) {
    report(at, "a relative path with '/' separators, inside the root (no '..', no leading or doubled '/')", path);
  }
}

function checkTime(value: unknown, at: string, report: Report): void {
  if (typeof value === 'string' && parseTime(value) === undefined) report(at, TIME_EXPECTED, value);
}

function configErrors(overrides: Raw, at: string, file: string): FieldError[] {
  const owned = RUNNER_KEYS.filter((k) => k in overrides).map((k) => ({
    file, field: `${at}.${k}`, expected: 'no such key (the runner sets the roots, the state folder and the policies)',
  }));
  const rest = Object.fromEntries(Object.entries(overrides).filter(([k]) => !RUNNER_KEYS.includes(k)));
  const candidate = merge({ left: '/scenario/left', right: '/scenario/right' }, structuredClone(rest));
  return [...owned, ...schemaErrors('config', candidate, file).map((e) => prefixed(e, at))];
}

function prefixed(error: FieldError, prefix: string): FieldError {
  return { ...error, field: error.field ? `${prefix}.${error.field}` : prefix };
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
