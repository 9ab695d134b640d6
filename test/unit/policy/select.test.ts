import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameEvent, selectWinner, type Candidate } from '../../../src/policy/select.js';

const c = (ruleId: string, priority: number, type: string, params: Record<string, unknown> = {}, order = 0): Candidate =>
  ({ ruleId, priority, order, event: { type, params } });

const rows: { description: string; matched: Candidate[]; expect: string }[] = [
  { description: 'nothing matched', matched: [], expect: 'none' },
  { description: 'one rule', matched: [c('f#a', 5, 'copy', { from: 'left' })], expect: 'winner f#a' },
  { description: 'highest priority wins', matched: [c('f#low', 5, 'copy', { from: 'left' }, 0), c('f#high', 9, 'forget', {}, 1)], expect: 'winner f#high' },
  { description: 'equal priority, equal event: first in file order', matched: [c('f#b', 5, 'copy', { from: 'left', conflict: 'x' }, 2), c('f#a', 5, 'copy', { conflict: 'x', from: 'left' }, 1)], expect: 'winner f#a' },
  { description: 'equal priority, different events: tie', matched: [c('f#a', 5, 'copy', { from: 'left' }, 0), c('f#b', 5, 'copy', { from: 'right' }, 1)], expect: 'tie f#a,f#b' },
  { description: 'a tie below the top priority does not matter', matched: [c('f#a', 5, 'copy', { from: 'left' }), c('f#b', 5, 'forget'), c('f#top', 6, 'inSync')], expect: 'winner f#top' },
];

for (const row of rows) {
  test(`selectWinner: ${row.description}`, () => {
    const selection = selectWinner(row.matched);
    const got = selection.kind === 'none' ? 'none'
      : selection.kind === 'winner' ? `winner ${selection.rule.ruleId}`
        : `tie ${selection.rules.map((r) => r.ruleId).join(',')}`;
    assert.equal(got, row.expect);
  });
}

test('sameEvent: params compare by value, whatever their key order', () => {
  assert.ok(sameEvent({ type: 'keepBoth', params: { winner: 'newer', tie: 'left' } }, { type: 'keepBoth', params: { tie: 'left', winner: 'newer' } }));
  assert.ok(!sameEvent({ type: 'keepBoth', params: { winner: 'newer' } }, { type: 'newerWins', params: { winner: 'newer' } }));
});
