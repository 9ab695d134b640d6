// Habit 10: the shipped policies are total. Every consistent combination of the categorical facts gets
// exactly one winning decision, and the memoised decider agrees with a fresh engine run on every one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { projectRoot } from '../src/config/project.js';
import { resolveConfig } from '../src/config/load.js';
import { describeFacts } from '../src/policy/domains.js';
import { consistentFacts } from '../src/policy/enumerate.js';
import { Decider } from '../src/policy/evaluate.js';
import { loadPolicies } from '../src/policy/load.js';
import { checkTotality, possibleChains } from '../src/policy/totality.js';

const dir = join(projectRoot(), 'policies');
const config = resolveConfig({ left: '/tmp/sw-left', right: '/tmp/sw-right', policies: { dir } }, '/tmp/sw-config.json5');
const set = loadPolicies(dir, config);

/** compareMemoAndDirect evaluates every combination of every chain twice: memoised, and by a fresh engine run. */
async function compareMemoAndDirect() {
  const memo = new Decider(set, config);
  const direct = new Decider(set, config, { memo: false });
  const won = new Set<string>();
  const disagreements: string[] = [];
  const undecided: string[] = [];
  let combinations = 0;
  for (const chain of possibleChains(set, memo.scopes).chains) {
    for (const facts of consistentFacts(chain.overrides)) {
      const expected = await direct.verdict(chain, facts);
      const got = await memo.verdict(chain, facts);
      combinations++;
      if (JSON.stringify(got) !== JSON.stringify(expected)) disagreements.push(`${chain.id}: ${describeFacts(facts)}`);
      if (got.kind === 'decision') won.add(got.ruleId);
      else undecided.push(`${chain.id}: ${describeFacts(facts)}: ${got.message}`);
    }
  }
  return { combinations, won, disagreements, undecided, memoRuns: memo.stats().engineRuns, directRuns: direct.stats().engineRuns };
}

// Computed before any node:test call: once the runner is in use it tracks async context, and promise-heavy
// code such as json-rules-engine runs several times slower, which would skew the figures.
const report = await checkTotality(set, config);
const started = performance.now();
const agreement = await compareMemoAndDirect();
const agreementMs = performance.now() - started;

test('matrix: every consistent combination has exactly one winning decision under every scope chain', (t) => {
  t.diagnostic(`chains ${report.chains.length}, combinations ${report.combinations}, evaluated ${report.evaluated}, engine runs ${report.engineRuns}, ${report.ms.toFixed(0)} ms`);
  assert.deepEqual(report.failures, []);
  assert.equal(report.ok, true);
  assert.ok(report.exhaustive);
  // Structural, not wall-clock: the memo keeps the engine runs far below the combinations (bench measures time).
  assert.ok(report.engineRuns < report.combinations / 4, `totality ran the engine ${report.engineRuns} times`);
});

test('matrix: memoised and direct evaluation agree on every combination', (t) => {
  t.diagnostic(`${agreement.combinations} combinations in ${agreementMs.toFixed(0)} ms: ${agreement.memoRuns} memoised engine runs vs ${agreement.directRuns} direct`);
  assert.deepEqual(agreement.disagreements, []);
  assert.deepEqual(agreement.undecided, []);
  assert.equal(agreement.combinations, report.combinations);
});

test('matrix: every rule of the shipped policies wins for some combination (no dead rules)', () => {
  const dead = set.files.flatMap((f) => f.rules).filter((r) => !agreement.won.has(r.ruleId)).map((r) => r.ruleId);
  assert.deepEqual(dead, []);
});
