import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SideState } from '../../../src/model/fact.js';
import { toKey } from '../../../src/model/key.js';
import { Decider } from '../../../src/policy/evaluate.js';
import { loadPolicies } from '../../../src/policy/load.js';
import { levelsMatching } from '../../../src/policy/scope.js';
import { checkTotality } from '../../../src/policy/totality.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { SHIPPED_POLICIES, facts, pathFact, rule, testConfig, writePolicy } from './support.js';

const tmp = makeTmp('sw-policy-scope-');
const dir = join(tmp, 'policies');

{
  mkdirSync(dir);
  copyFileSync(join(SHIPPED_POLICIES, 'default.json5'), join(dir, 'default.json5'));
  writePolicy(dir, 'accounts.json5', {
    scope: 'Accounts/**',
    conflicts: { bothChanged: 'option3' },
    rules: [
      rule('restoreDeletedLeft', 900, { left: 'deleted', right: 'unchanged' }, 'copy', { from: 'right' }),
      rule('restoreDeletedRight', 900, { left: 'unchanged', right: 'deleted' }, 'copy', { from: 'left' }),
    ],
  });
  writePolicy(dir, 'accounts-2026.json5', {
    scope: 'Accounts/2026/**',
    conflicts: { bothChanged: 'option2' },
    rules: [rule('rightEditsRevert', 900, { left: 'unchanged', right: 'modified' }, 'copy', { from: 'left' })],
  });
}

// Checked before any node:test call: once the runner is in use it tracks async context and the
// promise-heavy engine runs several times slower; and a test registered after a top-level await may
// run after the after() hook removed the folder.
const report = await checkTotality(loadPolicies(dir, testConfig(dir)), testConfig(dir));
after(() => removeTmp(tmp));

function decider(caseInsensitive = true): Decider {
  const config = testConfig(dir, { caseInsensitive });
  return new Decider(loadPolicies(dir, config), config);
}

const A = 'accounts/** > (unscoped)';
const A26 = 'accounts/2026/** > accounts/** > (unscoped)';

test('scope: each key gets the chain of the scopes that match it, most specific first', () => {
  const d = decider();
  const rows: [string, string][] = [
    ['report.docx', '(unscoped)'], ['accounts', A], ['accounts/q1.xlsx', A], ['accounts/2026', A26],
    ['accounts/2026/q1.xlsx', A26], ['accounts/2026/deep/er/q1.xlsx', A26], ['accountsx/q1.xlsx', '(unscoped)'],
    ['other/accounts/q1.xlsx', '(unscoped)'], ['accounts/2025/q1.xlsx', A],
  ];
  for (const [key, id] of rows) assert.equal(d.scopeOf(key), id, key);
});

test('scope: the per-folder cache agrees with uncached matching, in any order', () => {
  const d = decider();
  const set = d.set;
  const keys = ['accounts/2026/a/b', 'accounts/2026', 'accounts', 'accounts/x', 'b/accounts', 'accounts/2026x/y', '.hidden/accounts', 'accounts/.git/x'];
  for (const key of [...keys, ...keys.reverse()]) assert.equal(d.scopeOf(key), levelsMatching(set, key).join(' > '), key);
});

interface Row { key: string; left: SideState; right: SideState; rule: string; action: string; from?: string }

const rows: Row[] = [
  { key: 'accounts/q1.xlsx', left: 'deleted', right: 'unchanged', rule: 'accounts.json5#restoreDeletedLeft', action: 'copy', from: 'right' },
  { key: 'accounts/2026/q1.xlsx', left: 'deleted', right: 'unchanged', rule: 'accounts.json5#restoreDeletedLeft', action: 'copy', from: 'right' },
  { key: 'other/q1.xlsx', left: 'deleted', right: 'unchanged', rule: 'default.json5#deletedLeft', action: 'delete' },
  { key: 'accounts/q1.xlsx', left: 'modified', right: 'modified', rule: 'default.json5#bothChangedOpen', action: 'openConflict' },
  { key: 'accounts/2026/q1.xlsx', left: 'modified', right: 'modified', rule: 'default.json5#bothChangedNewerWins', action: 'newerWins' },
  { key: 'other/q1.xlsx', left: 'modified', right: 'modified', rule: 'default.json5#bothChangedKeepBoth', action: 'keepBoth' },
  { key: 'accounts/2026/q1.xlsx', left: 'unchanged', right: 'modified', rule: 'accounts-2026.json5#rightEditsRevert', action: 'copy', from: 'left' },
  { key: 'accounts/q1.xlsx', left: 'unchanged', right: 'modified', rule: 'default.json5#changedRight', action: 'copy', from: 'right' },
];

for (const row of rows) {
  test(`scope: ${row.key} ${row.left}/${row.right} → ${row.rule}`, async () => {
    const decision = await decider().decide(pathFact(row.key, facts(row.left, row.right)));
    assert.ok('ruleId' in decision, JSON.stringify(decision));
    assert.equal(decision.ruleId, row.rule);
    assert.equal(decision.action, row.action);
    if (row.from) assert.equal(decision.params.from, row.from);
  });
}

test('scope: case-insensitive matching follows config.caseInsensitive', () => {
  const insensitive = decider(true);
  const sensitive = decider(false);
  assert.equal(insensitive.scopeOf(toKey('ACCOUNTS/Q1.xlsx', true)), A);
  assert.equal(insensitive.scopeOf('Accounts/q1.xlsx'), A);
  assert.equal(sensitive.scopeOf('accounts/q1.xlsx'), '(unscoped)');
  assert.equal(sensitive.scopeOf('Accounts/2026/q1.xlsx'), 'Accounts/2026/** > Accounts/** > (unscoped)');
});

test('scope: explain lists every level, every match, the facts seen and the deciding level', async () => {
  const explanation = await decider().explain(pathFact('accounts/2026/q1.xlsx', facts('deleted', 'unchanged')));
  assert.equal(explanation.scope, A26);
  assert.deepEqual(explanation.scopeChain.map((l) => l.files), [['accounts-2026.json5'], ['accounts.json5'], ['default.json5']]);
  assert.deepEqual(explanation.matched.map((m) => m.ruleId), ['accounts.json5#restoreDeletedLeft', 'default.json5#deletedLeft']);
  assert.equal(explanation.decidedBy, 'accounts/**');
  assert.equal(explanation.winner?.ruleId, 'accounts.json5#restoreDeletedLeft');
  assert.equal(explanation.effectiveFacts.bothChanged, 'option2');
});

test('scope: the scoped policy set is total, and impossible chains are not checked', () => {
  assert.equal(report.ok, true, JSON.stringify(report.failures.slice(0, 3)));
  assert.deepEqual(report.chains.sort(), ['(unscoped)', A, A26].sort());
});

test('scope: equally specific scopes that both match a key give a policyTie for that key', async () => {
  const tieDir = join(tmp, 'tie');
  mkdirSync(tieDir);
  const forget = rule('forget', 10, { left: 'deleted' }, 'forget');
  writePolicy(tieDir, 'a.json5', { scope: 'a*/**', rules: [forget] });
  writePolicy(tieDir, 'b.json5', { scope: '*b/**', rules: [forget] });
  const config = testConfig(tieDir);
  const d = new Decider(loadPolicies(tieDir, config), config);
  const { decisions, problems } = await d.decideAll([
    pathFact('ab/f.txt', facts('deleted', 'deleted')),
    pathFact('ax/f.txt', facts('deleted', 'deleted')),
  ]);
  assert.deepEqual([...decisions.keys()], ['ax/f.txt']);
  assert.equal(problems[0].code, 'policyTie');
  assert.match(problems[0].message, /equally specific/);
});

test('with no scoped policy file every key, moved or not, gets the one chain the scope index would give it', async () => {
  const config = testConfig(SHIPPED_POLICIES);
  const decider = new Decider(loadPolicies(SHIPPED_POLICIES, config), config);
  const keys = ['', 'a', 'accounts/2026/x.xlsx', 'deep/er/still/f.txt', toKey('Ünïcode/Ordner/Datei.TXT', true)];
  for (const key of keys) {
    assert.equal(decider.scopeOf(key), decider.scopes.chainOf(key).id, key);
    const fact = { ...pathFact(key, facts('modified', 'unchanged')), cameFrom: 'elsewhere/old.txt' };
    assert.equal(decider.chainFor(fact), decider.scopes.chainOf(key), key);
  }
  // And a scoped file still sends its keys through the index.
  const scoped = new Decider(loadPolicies(dir, testConfig(dir)), testConfig(dir));
  assert.equal(scoped.scopeOf('accounts/2026/x.xlsx'), scoped.scopes.chainOf('accounts/2026/x.xlsx').id);
  assert.notEqual(scoped.scopeOf('accounts/2026/x.xlsx'), scoped.scopeOf('other/y.txt'));
});
