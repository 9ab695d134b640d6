import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitPlan } from '../../../src/app/split-plan.js';
import type { Action, CopyAction } from '../../../src/model/action.js';

const copy = (key: string, size: number): CopyAction => ({
  kind: 'copy', key, ruleId: 'r', reason: 'test', from: 'left', srcRel: key, dstRel: key, size,
  expectSrc: { type: 'file', size, mtimeMs: 1 }, expectDst: null, trashOverwritten: false,
});
const rename = (key: string, toKey: string): Action => ({ kind: 'rename', key, toKey, ruleId: 'r', reason: 'test', side: 'right', fromRel: key, toRel: toKey, expect: null });
const large = (a: CopyAction) => a.size > 100;

describe('splitPlan', () => {
  it('sends a large copy that is its key\'s only action to the lane, keeping the rest in order', () => {
    const plan = [copy('small', 1), copy('big', 500), copy('other', 2)];
    const split = splitPlan(plan, large, new Set());
    assert.deepEqual(split.run.map((a) => a.key), ['small', 'other']);
    assert.deepEqual(split.later.map((a) => a.key), ['big']);
  });

  it('keeps a large copy with the other actions of its key (a clash rename first, say)', () => {
    const split = splitPlan([rename('big', 'big (clash)'), copy('big', 500)], large, new Set());
    assert.equal(split.run.length, 2);
    assert.equal(split.later.length, 0);
  });

  it('holds every action of a busy key, including those it shares with another key', () => {
    const split = splitPlan([rename('a', 'b'), copy('b', 1), copy('c', 1)], large, new Set(['a']));
    assert.deepEqual(split.run.map((a) => a.key), ['c']);
    assert.deepEqual([...split.held].sort(), ['a', 'b']);
  });
});
