import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derive } from '../../../src/facts/derive.js';
import type { Decision } from '../../../src/model/decision.js';
import type { Tree } from '../../../src/model/entry.js';
import { buildPlan } from '../../../src/plan/build.js';
import type { PlanContext } from '../../../src/plan/expand/context.js';
import { F1, F2, OPTS, baseOf, dir, file } from '../../support/fixtures.js';

function ctx(left: Tree = new Map(), right: Tree = new Map()): PlanContext {
  return {
    trees: { left, right }, caseInsensitive: true, mtimeToleranceMs: 2000,
    softDelete: { enabled: true, maxBytes: 20 * 1024 * 1024, onOverwrite: true },
    taken: new Set([...left.keys(), ...right.keys()]),
  };
}
const decide = (key: string, action: string, params: Record<string, unknown> = {}): Map<string, Decision> =>
  new Map([[key, { key, action, params, ruleId: 'test#r' }]]);

test('copy to an absent side uses the target folder spelling', () => {
  const src = file('Docs/a.txt', 10);
  const right: Tree = new Map([['docs', dir('DOCS')]]);
  const fact = derive('docs/a.txt', undefined, src, undefined, 's', OPTS);
  const plan = buildPlan([fact], decide('docs/a.txt', 'copy', { from: 'left' }), ctx(new Map(), right));
  assert.equal(plan.actions.length, 1);
  const [a] = plan.actions;
  assert.ok(a.kind === 'copy');
  assert.equal(a.dstRel, 'DOCS/a.txt');
  assert.equal(a.expectDst, null);
  assert.equal(a.trashOverwritten, false);
});

test('keepBoth: loser set aside under a clash name on both sides, winner copied, conflict recorded', () => {
  const left = file('a.txt', 200, F2.mtimeMs);
  const right = file('a.txt', 300, F1.mtimeMs);
  const fact = derive('a.txt', baseOf(F1), left, right, 's', OPTS);
  const plan = buildPlan([fact], decide('a.txt', 'keepBoth', { winner: 'newer', tie: 'left', conflict: 'bothChanged' }),
    ctx(new Map([['a.txt', left]]), new Map([['a.txt', right]])));
  assert.deepEqual(plan.actions.map((a) => a.kind), ['conflict', 'rename', 'copy', 'copy']);
  const [, rename, first, second] = plan.actions;
  assert.ok(rename.kind === 'rename' && first.kind === 'copy' && second.kind === 'copy');
  assert.equal(rename.side, 'right');
  assert.match(rename.toRel, /^a_clash_\d{12}\.txt$/);
  // smallest first: the 200-byte winner before the 300-byte clash copy
  assert.equal(first.from, 'left');
  assert.equal(second.srcRel, rename.toRel);
  assert.equal(second.from, 'right');
});

test('delete of a small file goes to the trash, a large one does not, a folder becomes rmdir', () => {
  const small = derive('a.txt', baseOf(F1), undefined, F1, 's', OPTS);
  const bigFile = file('b.bin', 30 * 1024 * 1024);
  const big = derive('b.bin', baseOf(bigFile), undefined, bigFile, 's', OPTS);
  const folder = derive('d', baseOf(dir('d')), undefined, dir('d'), 's', OPTS);
  const decisions = new Map([...decide('a.txt', 'delete', { on: 'right' }), ...decide('b.bin', 'delete', { on: 'right' }), ...decide('d', 'delete', { on: 'right' })]);
  const plan = buildPlan([small, big, folder], decisions, ctx());
  const kinds = plan.actions.map((a) => (a.kind === 'delete' ? `${a.rel}:${a.trash}` : a.kind));
  assert.deepEqual(kinds, ['a.txt:true', 'b.bin:false', 'rmdir']);
});

test('order: renames deepest first, mkdirs parents first, copies smallest first, rmdirs deepest first', () => {
  const facts = [
    derive('x', undefined, dir('x'), undefined, 's', OPTS),
    derive('x/y', undefined, dir('x/y'), undefined, 's', OPTS),
    derive('big', undefined, file('big', 999), undefined, 's', OPTS),
    derive('small', undefined, file('small', 1), undefined, 's', OPTS),
  ];
  const decisions = new Map(['x/y', 'x', 'big', 'small'].map((k) => [k, { key: k, action: 'copy', params: { from: 'left' }, ruleId: 't' }]));
  const plan = buildPlan(facts, decisions, ctx());
  assert.deepEqual(plan.actions.map((a) => (a.kind === 'copy' ? a.dstRel : a.kind === 'mkdir' ? a.rel : a.kind)), ['x', 'x/y', 'small', 'big']);
});

test('a decision that needs an absent entry is a per-path problem, not a crash', () => {
  const fact = derive('a.txt', undefined, F1, undefined, 's', OPTS);
  const plan = buildPlan([fact], decide('a.txt', 'copy', { from: 'right' }), ctx());
  assert.equal(plan.actions.length, 0);
  assert.equal(plan.problems[0].code, 'planError');
});

test('syncProps with mtime newer: the spelling goes one way, the newer mtime the other (issue 8 item 2)', () => {
  const left = file('Report.txt', 10, F1.mtimeMs, { hash: 'x' });
  const right = file('report.txt', 10, F1.mtimeMs + 3_600_000);
  const fact = derive('report.txt', undefined, left, right, 's', OPTS);
  const plan = buildPlan([fact], decide('report.txt', 'syncProps', { from: 'left', mtime: 'newer', tie: 'left' }), ctx());
  const lines = plan.actions.map((a) => (a.kind === 'setProps' ? [a.side, a.rel, a.toRel, a.mtimeMs, a.hash] : [a.kind]));
  assert.deepEqual(lines, [['right', 'report.txt', 'Report.txt', undefined, undefined], ['left', 'Report.txt', 'Report.txt', right.mtimeMs, 'x']]);
  const plain = buildPlan([fact], decide('report.txt', 'syncProps', { from: 'left' }), ctx());
  assert.deepEqual(plain.actions.map((a) => a.kind === 'setProps' && [a.side, a.mtimeMs]), [['right', left.mtimeMs]]);
  // Same name and mode: the side that already holds the newer mtime is left alone.
  const same = derive('a.txt', undefined, file('a.txt', 10, F1.mtimeMs), file('a.txt', 10, right.mtimeMs), 's', OPTS);
  const newer = buildPlan([same], decide('a.txt', 'syncProps', { from: 'left', mtime: 'newer', tie: 'left' }), ctx());
  assert.deepEqual(newer.actions.map((a) => a.kind === 'setProps' && [a.side, a.rel, a.mtimeMs]), [['left', 'a.txt', right.mtimeMs]]);
});

test('a respelled folder goes first, and the paths inside it follow its new spelling (issue 8 items 3 and 4)', () => {
  const nfc = 'Caf\u00e9';
  const nfd = 'Cafe\u0301';
  const left: Tree = new Map([['café', dir(nfc)], ['café/a.txt', file(`${nfc}/a.txt`, 1)], ['café/c.txt', file(`${nfc}/c.txt`, 1)]]);
  const right: Tree = new Map([['café', dir(nfd)], ['café/b.txt', file(`${nfd}/b.txt`, 1)], ['café/c.txt', file(`${nfd}/c.txt`, 1)]]);
  const keys = ['café/c.txt', 'café/b.txt', 'café/a.txt', 'café'];
  const facts = keys.map((key) => derive(key, undefined, left.get(key), right.get(key), 's', OPTS));
  const decisions = new Map([
    ...decide('café', 'syncProps', { from: 'left' }), ...decide('café/c.txt', 'syncProps', { from: 'left' }),
    ...decide('café/a.txt', 'copy', { from: 'left' }), ...decide('café/b.txt', 'copy', { from: 'right' }),
  ]);
  const lines = buildPlan(facts, decisions, ctx(left, right)).actions.map((a) =>
    a.kind === 'setProps' ? `props ${a.rel} -> ${a.toRel}` : a.kind === 'copy' ? `copy ${a.srcRel} -> ${a.dstRel}` : a.kind);
  assert.deepEqual(lines, [`props ${nfd} -> ${nfc}`, `props ${nfc}/c.txt -> ${nfc}/c.txt`, `copy ${nfc}/b.txt -> ${nfc}/b.txt`, `copy ${nfc}/a.txt -> ${nfc}/a.txt`]);
});
