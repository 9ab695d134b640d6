import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Decider } from '../../../src/policy/evaluate.js';
import { FileEngine } from '../../../src/policy/engine.js';
import { consistentFacts } from '../../../src/policy/enumerate.js';
import { loadPolicies } from '../../../src/policy/load.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { SHIPPED_POLICIES, facts, pathFact, rule, testConfig, writePolicy } from './support.js';

const tmp = makeTmp('sw-policy-engine-');
after(() => removeTmp(tmp));

test('FileEngine: overlapping calls are queued, so each gets its own result (upstream #303, #360)', async () => {
  const config = testConfig(SHIPPED_POLICIES);
  const engine = new FileEngine(loadPolicies(SHIPPED_POLICIES, config).files[0]);
  const sample = consistentFacts().filter((_, i) => i % 37 === 0);
  const sequential: string[][] = [];
  for (const f of sample) sequential.push((await engine.matchingRules(f)).map((r) => r.ruleId));
  // Starting runs a few microtasks apart is what corrupts an unqueued engine (runs started together stay in lockstep).
  const pending: Promise<{ ruleId: string }[]>[] = [];
  for (const f of sample) {
    pending.push(engine.matchingRules(f));
    for (let tick = 0; tick < 7; tick++) await Promise.resolve();
  }
  const concurrent = await Promise.all(pending);
  assert.deepEqual(concurrent.map((rules) => rules.map((r) => r.ruleId)), sequential);
});

test('FileEngine: every matching rule is returned, not only the first priority set', async () => {
  const config = testConfig(SHIPPED_POLICIES);
  const engine = new FileEngine(loadPolicies(SHIPPED_POLICIES, config).files[0]);
  const rules = await engine.matchingRules(facts('modified', 'unchanged', { sameContent: true, sameProps: true }));
  assert.deepEqual(rules.map((r) => r.name), ['equal']);
  const both = await engine.matchingRules(facts('created', 'created', { sameContent: true, sameProps: false }));
  assert.deepEqual(both.map((r) => r.name), ['sameBytesMtimesDiffer', 'firstSyncSpellingDiffers']);
});

test('Decider: two matching rules of equal priority with different events are a policyTie problem', async () => {
  const dir = join(tmp, 'tie');
  mkdirSync(dir);
  writePolicy(dir, 'p.json5', {
    rules: [
      rule('keep', 50, { left: 'deleted' }, 'copy', { from: 'right' }),
      rule('drop', 50, { right: 'unchanged' }, 'delete', { on: 'right' }),
      rule('dropToo', 50, { left: 'deleted', right: 'unchanged' }, 'delete', { on: 'right' }),
    ],
  });
  const config = testConfig(dir);
  const decider = new Decider(loadPolicies(dir, config), config);
  const { decisions, problems } = await decider.decideAll([pathFact('a.txt', facts('deleted', 'unchanged')), pathFact('b.txt', facts('unchanged', 'unchanged'))]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, 'a.txt');
  assert.equal(problems[0].code, 'policyTie');
  assert.match(problems[0].message, /p\.json5#keep → copy, p\.json5#drop → delete, p\.json5#dropToo → delete/);
  assert.equal(decisions.get('b.txt')?.ruleId, 'p.json5#drop');
});

test('Decider: a path no rule matches is a noRule problem, never a silent default', async () => {
  const dir = join(tmp, 'norule');
  mkdirSync(dir);
  writePolicy(dir, 'p.json5', { rules: [rule('forget', 50, { left: 'deleted', right: 'deleted' }, 'forget')] });
  const config = testConfig(dir);
  const decider = new Decider(loadPolicies(dir, config), config);
  const { decisions, problems } = await decider.decideAll([pathFact('a.txt', facts('created', 'absent'))]);
  assert.equal(decisions.size, 0);
  assert.deepEqual(problems.map((p) => [p.path, p.code]), [['a.txt', 'noRule']]);
  assert.match(problems[0].message, /left=created right=absent/);
});
