import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Decider } from '../../../src/policy/evaluate.js';
import { loadPolicies } from '../../../src/policy/load.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { SHIPPED_POLICIES, facts, pathFact, rule, testConfig, writePolicy } from './support.js';

const tmp = makeTmp('sw-policy-moves-out-');
const dir = join(tmp, 'policies');
mkdirSync(dir);
copyFileSync(join(SHIPPED_POLICIES, 'default.json5'), join(dir, 'default.json5'));
writePolicy(dir, 'accounts.json5', { scope: 'Accounts/**', movesOut: 'source', rules: [rule('copyMoved', 1100, { left: 'created', right: 'absent' }, 'copy', { from: 'left' })] });
// A file may set only movesOut: here the more specific scope hands its moves out back to the target.
writePolicy(dir, 'accounts-2026.json5', { scope: 'Accounts/2026/**', movesOut: 'target' });
after(() => removeTmp(tmp));

const config = testConfig(dir);
const decider = new Decider(loadPolicies(dir, config), config);
const UNSCOPED = '(unscoped)';
const A = 'accounts/** > (unscoped)';
const A26 = 'accounts/2026/** > accounts/** > (unscoped)';

test('movesOut: the chain deciding a moved path follows the old path\'s movesOut, most specific file first', () => {
  const rows: [string, string | undefined, string][] = [
    ['q1.xlsx', undefined, UNSCOPED],
    ['q1.xlsx', 'accounts/q1.xlsx', A], // out of Accounts, which says source
    ['q1.xlsx', 'accounts/2026/q1.xlsx', UNSCOPED], // out of Accounts/2026, which says target
    ['accounts/q1.xlsx', 'q1.xlsx', A], // into Accounts: the unscoped default policies say target
    ['accounts/2026/q1.xlsx', 'accounts/q1.xlsx', A], // Accounts' own moves stay Accounts' to decide
    ['accounts/q2.xlsx', 'accounts/q1.xlsx', A],
    ['accounts/2026/q2.xlsx', 'accounts/2026/q1.xlsx', A26],
  ];
  for (const [key, cameFrom, chain] of rows) {
    const fact = { ...pathFact(key, facts('created', 'absent', { moved: 'left' })), ...(cameFrom ? { cameFrom } : {}) };
    assert.equal(decider.chainFor(fact).id, chain, `${cameFrom ?? '(not moved)'} -> ${key}`);
  }
});

test('movesOut: a value other than target or source is a load error naming the field', () => {
  const bad = join(tmp, 'bad');
  mkdirSync(bad);
  copyFileSync(join(SHIPPED_POLICIES, 'default.json5'), join(bad, 'default.json5'));
  writePolicy(bad, 'a.json5', { scope: 'A/**', movesOut: 'both' });
  assert.throws(() => loadPolicies(bad, testConfig(bad)), /a\.json5: movesOut: expected one of "target", "source"/);
});
