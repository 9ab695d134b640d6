import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derive } from '../../../src/facts/derive.js';
import type { Action, ActionResult } from '../../../src/model/action.js';
import { baseUpdates, toSideRecord } from '../../../src/state/base.js';
import { F1, F2, OPTS, baseOf } from '../../support/fixtures.js';

const copy: Action = {
  kind: 'copy', key: 'a.txt', from: 'left', srcRel: 'a.txt', dstRel: 'a.txt', size: 200,
  expectSrc: null, expectDst: null, trashOverwritten: false, ruleId: 't', reason: 'r',
};

test('a successful copy records both sides as observed', () => {
  const fact = derive('a.txt', baseOf(F1), F2, F1, 's', OPTS);
  const observed = { ...toSideRecord(F2), ino: 7 };
  const results: ActionResult[] = [{ action: copy, ok: true, observed: [{ key: 'a.txt', side: 'right', record: observed }] }];
  const updates = baseUpdates(new Map([['a.txt', fact]]), results);
  assert.deepEqual(updates.get('a.txt'), { type: 'file', left: toSideRecord(F2), right: observed });
});

test('a failed action leaves the old base record alone', () => {
  const fact = derive('a.txt', baseOf(F1), F2, F1, 's', OPTS);
  const updates = baseUpdates(new Map([['a.txt', fact]]), [{ action: copy, ok: false, code: 'EBUSY', observed: [] }]);
  assert.equal(updates.has('a.txt'), false);
});

test('an open conflict changes no base; forget drops it; a delete on the last side drops it', () => {
  const fact = derive('a.txt', baseOf(F1), F2, F2, 's', OPTS);
  const conflict: Action = { kind: 'conflict', key: 'a.txt', rule: 'bothChanged', option: 'option3', open: true, actions: [], ruleId: 't', reason: 'r' };
  assert.equal(baseUpdates(new Map([['a.txt', fact]]), [{ action: conflict, ok: true, observed: [] }]).size, 0);
  const forget: Action = { kind: 'forget', key: 'a.txt', ruleId: 't', reason: 'r' };
  assert.equal(baseUpdates(new Map(), [{ action: forget, ok: true, observed: [] }]).get('a.txt'), null);
  const gone = derive('a.txt', baseOf(F1), undefined, F1, 's', OPTS);
  const del: Action = { kind: 'delete', key: 'a.txt', side: 'right', rel: 'a.txt', expect: null, trash: true, ruleId: 't', reason: 'r' };
  const updates = baseUpdates(new Map([['a.txt', gone]]), [{ action: del, ok: true, observed: [{ key: 'a.txt', side: 'right', record: null }] }]);
  assert.equal(updates.get('a.txt'), null);
});
