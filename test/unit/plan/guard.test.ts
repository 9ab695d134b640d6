import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derive } from '../../../src/facts/derive.js';
import type { Action } from '../../../src/model/action.js';
import type { PathFact } from '../../../src/model/fact.js';
import type { Entry } from '../../../src/model/entry.js';
import { guardPlan as guardOf, sentinelStop, sideTotals, type GuardSettings } from '../../../src/plan/guard.js';
import { OPTS, T, baseOf, file } from '../../support/fixtures.js';

const settings = { maxDeletePercent: 50, maxDeleteCount: 1000, force: false };
const del = (rel: string): Action => ({ kind: 'delete', key: rel, side: 'right', rel, expect: null, trash: true, ruleId: 't', reason: 'r' });

/** guardPlan guards a pass over every key of `facts`: the whole sides are what the facts hold. */
function guardPlan(f: Map<string, PathFact>, plan: Action[], s: GuardSettings) {
  const tree = (side: 'left' | 'right') => new Map([...f.values()].flatMap((x): [string, Entry][] => (x[side] ? [[x.key, x[side]]] : [])));
  const base = new Map([...f.values()].flatMap((x) => (x.base ? [[x.key, x.base] as const] : [])));
  return guardOf(f, plan, s, sideTotals({ left: tree('left'), right: tree('right') }, base));
}

function facts(n: number, make: (i: number) => PathFact): Map<string, PathFact> {
  return new Map(Array.from({ length: n }, (_, i) => make(i)).map((f) => [f.key, f]));
}

test('an emptied side with a base stops the pass (unmounted drive)', () => {
  const f = facts(10, (i) => derive(`f${i}`, baseOf(file(`f${i}`, 1)), file(`f${i}`, 1), undefined, 's', OPTS));
  assert.equal(guardPlan(f, [], settings)?.reason, 'rootEmpty');
});

test('a first sync into an empty folder is not a guard trip', () => {
  const f = facts(10, (i) => derive(`f${i}`, undefined, file(`f${i}`, 1), undefined, 's', OPTS));
  assert.equal(guardPlan(f, [], settings), null);
});

test('deleting more than maxDeletePercent stops, unless forced', () => {
  const f = facts(10, (i) => derive(`f${i}`, baseOf(file(`f${i}`, 1)), i < 6 ? undefined : file(`f${i}`, 1), file(`f${i}`, 1), 's', OPTS));
  const plan = Array.from({ length: 6 }, (_, i) => del(`f${i}`));
  const stop = guardPlan(f, plan, settings);
  assert.equal(stop?.reason, 'tooManyDeletes');
  assert.equal(stop?.side, 'right');
  assert.deepEqual(stop?.examples.slice(0, 2), ['f0', 'f1']);
  assert.equal(guardPlan(f, plan, { ...settings, force: true }), null);
  assert.equal(guardPlan(f, plan.slice(0, 5), settings), null);
  assert.equal(guardPlan(f, plan.slice(0, 5), { ...settings, maxDeleteCount: 4 })?.reason, 'tooManyDeletes');
});

test('nearly every file modified at once (an hour mtime shift) stops', () => {
  const f = facts(200, (i) => derive(`f${i}`, baseOf(file(`f${i}`, 1)), file(`f${i}`, 1, T.T0 + 3_600_000), file(`f${i}`, 1), 's', OPTS));
  assert.equal(guardPlan(f, [], settings)?.reason, 'massModified');
  assert.equal(guardPlan(f, [], { ...settings, force: true }), null);
});

test('a sentinel missing on one side stops; present on both passes', () => {
  const has = (keys: string[]) => (k: string) => keys.includes(k);
  assert.equal(sentinelStop(null, { left: has([]), right: has([]) }), null);
  assert.equal(sentinelStop('.sentinel', { left: has(['.sentinel']), right: has(['.sentinel']) }), null);
  const stop = sentinelStop('.sentinel', { left: has(['.sentinel']), right: has([]) });
  assert.equal(stop?.reason, 'sentinelMissing');
  assert.equal(stop?.side, 'right');
});

test('a limited pass is measured against the whole side: one delete of ten files, a deleted folder', () => {
  const all = facts(10, (i) => derive(`f${i}`, baseOf(file(`f${i}`, 1)), i < 1 ? undefined : file(`f${i}`, 1), file(`f${i}`, 1), 's', OPTS));
  const limited = new Map([...all].slice(0, 1));
  const totals = { left: { present: 9, baseFiles: 10 }, right: { present: 10, baseFiles: 10 } };
  assert.equal(guardOf(limited, [del('f0')], settings, totals), null);
  assert.equal(guardOf(limited, [del('f0')], settings, { ...totals, left: { present: 0, baseFiles: 10 } })?.reason, 'rootEmpty');
});
