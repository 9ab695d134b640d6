import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { loadPolicies } from '../../../src/policy/load.js';
import { InputError } from '../../../src/model/errors.js';
import { assertTotal, checkTotality } from '../../../src/policy/totality.js';
import { totalityErrors } from '../../../src/policy/totality-errors.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { SHIPPED_POLICIES, rule, testConfig, writePolicy } from './support.js';

const tmp = makeTmp('sw-policy-totality-');
const shipped = JSON5.parse(readFileSync(join(SHIPPED_POLICIES, 'default.json5'), 'utf8')) as { rules: { name: string }[] };

function policyDir(name: string, files: Record<string, unknown>, withDefault = false): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  if (withDefault) copyFileSync(join(SHIPPED_POLICIES, 'default.json5'), join(dir, 'default.json5'));
  for (const [file, policy] of Object.entries(files)) writePolicy(dir, file, policy);
  return dir;
}

async function check(dir: string) {
  const config = testConfig(dir);
  const set = loadPolicies(dir, config);
  return { set, report: await checkTotality(set, config) };
}

// Checked before any node:test call: once the runner is in use it tracks async context, and the
// promise-heavy engine runs several times slower.
const missing = await check(policyDir('missing', { 'p.json5': { rules: shipped.rules.filter((r) => r.name !== 'deletedBoth') } }));
const option = await check(policyDir('option', { 'p.json5': { rules: shipped.rules.filter((r) => r.name !== 'bothChangedOpen') } }));
const fixed = await check(policyDir('fixed', {
  'p.json5': { rules: shipped.rules },
  'q.json5': {
    scope: 'q/**',
    conflicts: { bothChanged: 'option2' },
    rules: [
      rule('both', 10, { left: 'modified', right: 'modified', bothChanged: 'option3' }, 'forget'),
      rule('both2', 10, { left: 'modified', right: 'modified', bothChanged: 'option3' }, 'inSync'),
    ],
  },
}));
const tie = await check(policyDir('tie', {
  'q.json5': { scope: 'Q/**', rules: [rule('a', 900, { left: 'deleted' }, 'forget'), rule('b', 900, { right: 'deleted' }, 'inSync')] },
}, true));
const scopedOnly = await check(policyDir('scoped-only', { 'q.json5': { scope: 'Q/**', rules: shipped.rules } }));
const matchAll = await check(policyDir('match-all', { 'q.json5': { scope: '**', rules: shipped.rules } }));
const thrown = await assertTotal(missing.set, testConfig(tmp)).catch((err: unknown) => err);
const passed = await assertTotal(matchAll.set, testConfig(tmp));
after(() => removeTmp(tmp));

test('totality: a missing row is found and named (noRule)', async () => {
  const { set, report } = missing;
  assert.equal(report.ok, false);
  assert.ok(report.failures.every((f) => f.code === 'noRule' && f.facts.left === 'deleted' && f.facts.right === 'deleted'));
  const errors = await totalityErrors(report, set);
  assert.equal(errors[0].field, 'scope (unscoped)');
  assert.equal(errors[0].expected, 'exactly one winning rule');
  assert.match(errors[0].found ?? '', /noRule .*left=deleted right=deleted/);
});

test('totality: a missing option rule is found even when the config does not use that option', () => {
  const { report } = option;
  assert.equal(report.ok, false);
  assert.ok(report.failures.every((f) => f.facts.bothChanged === 'option3'));
});

test('totality: an option a scope fixes is the only value checked for that scope', () => {
  const { report } = fixed;
  // The tie under option3 cannot happen in q/**, which fixes option2.
  assert.equal(report.ok, true, JSON.stringify(report.failures.slice(0, 2)));
  assert.deepEqual(report.chains.sort(), ['(unscoped)', 'q/** > (unscoped)']);
});

test('totality: a tie inside a scoped file is found in its chain', () => {
  const { report } = tie;
  assert.equal(report.ok, false);
  assert.ok(report.failures.every((f) => f.scope === 'q/** > (unscoped)' && f.code === 'policyTie'));
  assert.ok(report.failures.some((f) => f.facts.left === 'deleted' && f.facts.right === 'deleted'));
});

test('totality: a tie gives one error per pair of disagreeing rules, naming both, with an example path', async () => {
  const { set, report } = tie;
  assert.equal(report.ties.length, 1);
  const errors = (await totalityErrors(report, set)).filter((e) => e.found?.startsWith('policyTie'));
  assert.equal(errors.length, 1);
  assert.equal(errors[0].field, "rules[0] 'a'");
  assert.match(errors[0].expected, /priority other than 900.*rules\[1\] 'b'/);
  assert.match(errors[0].found ?? '', /forget vs inSync.*e\.g\. Q\/x when left=deleted right=deleted/);
});

test('totality: without an unscoped file, keys outside every scope have no rule', () => {
  const { report } = scopedOnly;
  assert.equal(report.ok, false);
  assert.ok(report.failures.every((f) => f.scope === '(none)' && f.code === 'noRule'));
});

test('totality: a scope matching everything is in every chain, so no unscoped file is needed', () => {
  const { report } = matchAll;
  assert.equal(report.ok, true);
  assert.deepEqual(report.chains, ['**']);
});

test('totality: assertTotal throws one InputError for validate, naming file, scope and case', () => {
  assert.ok(thrown instanceof InputError);
  assert.match(thrown.message, /missing: scope \(unscoped\): expected exactly one winning rule, found noRule/);
  assert.equal(passed.ok, true);
});
