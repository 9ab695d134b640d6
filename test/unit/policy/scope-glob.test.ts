import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Decider } from '../../../src/policy/evaluate.js';
import { loadPolicies } from '../../../src/policy/load.js';
import { compileScope, matchesKey, normaliseScope } from '../../../src/policy/scope-glob.js';
import { checkTotality } from '../../../src/policy/totality.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { SHIPPED_POLICIES, rule, testConfig, writePolicy } from './support.js';

// One glob convention for scopes and ignore[] (as in .gitignore): no '/' matches the name at any depth,
// a leading '/' anchors at the root, any other '/' makes it a path from the root.
const rows: [scope: string, key: string, matches: boolean][] = [
  ['*.docx', 'a.docx', true],
  ['*.docx', 'projects/deep/er/a.docx', true],
  ['*.docx', 'projects/a.docx.bak', false],
  ['/*.docx', 'a.docx', true],
  ['/*.docx', 'projects/a.docx', false],
  ['Archive', 'x/archive', true],
  ['Archive', 'x/archive/a.txt', false],
  ['**/Archive/**', 'x/y/archive/a.txt', true],
  ['Accounts/**', 'accounts/a.docx', true],
  ['Accounts/**', 'x/accounts/a.docx', false],
  ['*/Archive/**', 'x/archive/a.txt', true],
  ['*/Archive/**', 'x/y/archive/a.txt', false],
  ['**', 'x/y', true],
];

for (const [scope, key, expected] of rows) {
  test(`scope glob: ${scope} ${expected ? 'matches' : 'does not match'} ${key}`, () => {
    assert.equal(matchesKey(compileScope(normaliseScope(scope, true), true), key), expected);
  });
}

const tmp = makeTmp('sw-scope-glob-');
const dir = join(tmp, 'policies');
mkdirSync(dir);
copyFileSync(join(SHIPPED_POLICIES, 'default.json5'), join(dir, 'default.json5'));
const keep = (name: string) => ({ rules: [rule(name, 900, { left: 'deleted', right: 'unchanged' }, 'copy', { from: 'right' })] });
writePolicy(dir, 'docx.json5', { scope: '*.docx', ...keep('docx') });
writePolicy(dir, 'top-docx.json5', { scope: '/*.docx', ...keep('topDocx') });
writePolicy(dir, 'accounts.json5', { scope: 'Accounts/**', ...keep('accounts') });
writePolicy(dir, 'accounts-docx.json5', { scope: 'Accounts/*.docx', ...keep('accountsDocx') });
const config = testConfig(dir);
const set = loadPolicies(dir, config);
const report = await checkTotality(set, config);
after(() => removeTmp(tmp));

test('scope glob: specificity orders a folder, then an anchored name, then a name at any depth', () => {
  const d = new Decider(set, config);
  assert.equal(d.scopeOf('accounts/a.docx'), 'accounts/*.docx > accounts/** > **/*.docx > (unscoped)');
  assert.equal(d.scopeOf('a.docx'), '*.docx > **/*.docx > (unscoped)');
  assert.equal(d.scopeOf('projects/a.docx'), '**/*.docx > (unscoped)');
  assert.equal(d.scopeOf('accounts/deep/a.docx'), 'accounts/** > **/*.docx > (unscoped)');
});

test('scope glob: "*.docx" and "**/*.docx" are one scope; the set with every form is total', () => {
  assert.equal(normaliseScope('*.docx', true), normaliseScope('**/*.docx', true));
  assert.equal(report.ok, true, JSON.stringify(report.failures.slice(0, 2)));
});
