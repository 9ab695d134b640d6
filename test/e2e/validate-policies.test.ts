import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { projectRoot } from '../../src/config/project.js';
import { cli } from '../support/cli.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

interface Rule { name: string; priority: number; conditions: unknown; event: { type: string; params?: Record<string, unknown> } }

const SEED_FILE = join(projectRoot(), 'policies', 'default.json5');
const seed = () => JSON5.parse(readFileSync(SEED_FILE, 'utf8')) as { description: string; rules: Rule[] };
const DELETED_LEFT = seed().rules.findIndex((r) => r.name === 'deletedLeft');

/** validate writes the policy files into a fresh policies.dir, runs `syncwarden validate` and returns its result. */
function validate(files: Record<string, unknown>): { code: number | null; stdout: string; stderr: string; lines: string[] } {
  const dir = makeTmp('sw-e2e-policies-');
  try {
    for (const side of ['left', 'right']) mkdirSync(join(dir, side));
    mkdirSync(join(dir, 'pol'));
    for (const [name, policy] of Object.entries(files)) writeFileSync(join(dir, 'pol', name), JSON.stringify(policy, null, 2));
    const config = join(dir, 'config.json5');
    writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' }, policies: { dir: 'pol' } }`);
    const r = cli(['validate', '--config', config]);
    return { ...r, lines: r.stderr.split('\n').filter((l) => l.trim() !== '') };
  } finally {
    removeTmp(dir);
  }
}

const leaf = (fact: string, value: unknown) => ({ fact, operator: 'equal', value });

test('validate: a policy file that only sets conflict options for its scope is accepted', () => {
  const r = validate({ 'default.json5': seed(), 'accounts.json5': { scope: 'Accounts/**', conflicts: { bothChanged: 'option3' } } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ok: .*2 scope level\(s\)/ms);
});

test('validate: a policies.dir without the seed rules gives one grouped noRule line that says how to start', () => {
  const r = validate({ 'mine.json5': { rules: [{ name: 'keepLeft', priority: 10, conditions: { all: [leaf('left', 'created')] }, event: { type: 'copy', params: { from: 'left' } } }] } });
  assert.equal(r.code, 2);
  assert.equal(r.lines.length, 1, r.stderr);
  assert.match(r.stderr, /noRule/);
  assert.ok(r.stderr.includes(SEED_FILE), r.stderr);
  assert.match(r.stderr, /copy .*default\.json5/);
});

test('validate: a removed seed rule gives one message naming it, not one per combination', () => {
  const policy = seed();
  policy.rules = policy.rules.filter((r) => r.name !== 'deletedLeft');
  const r = validate({ 'default.json5': policy });
  assert.equal(r.code, 2);
  assert.equal(r.lines.length, 1, r.stderr);
  assert.ok(r.stderr.includes(`rules[${DELETED_LEFT}] 'deletedLeft'`), r.stderr);
  assert.match(r.stderr, /left=deleted right=unchanged/);
  assert.match(r.stderr, /noRule for \d+ fact combinations?/);
});

test('validate: an error inside a rule names the rule', () => {
  const policy = seed();
  policy.rules[DELETED_LEFT].event.params = { on: 'lefty' };
  const r = validate({ 'default.json5': policy });
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`default\\.json5: rules\\[${DELETED_LEFT}\\] 'deletedLeft'\\.event\\.params\\.on: expected one of "left", "right"`), r.stderr);
});

test('validate: two equal-priority rules that disagree give one policyTie line per rule pair, with an example path', () => {
  const keep = { name: 'keepDeletes', priority: 5000, conditions: { all: [leaf('left', 'deleted')] }, event: { type: 'copy', params: { from: 'right' } } };
  const forget = { name: 'forgetDeletes', priority: 5000, conditions: { all: [leaf('right', 'deleted')] }, event: { type: 'forget', params: {} } };
  const r = validate({ 'default.json5': seed(), 'projects.json5': { scope: 'Projects/**', rules: [keep, forget] } });
  assert.equal(r.code, 2);
  const ties = r.lines.filter((l) => l.includes('policyTie'));
  assert.equal(ties.length, 1, r.stderr);
  assert.equal(r.lines.length, 1, r.stderr);
  assert.match(ties[0], /projects\.json5: rules\[0\] 'keepDeletes': expected .*rules\[1\] 'forgetDeletes'/);
  assert.match(ties[0], /e\.g\. Projects\/x when left=deleted right=deleted/);
});
