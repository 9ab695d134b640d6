import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonChunks } from '../../../src/cli/json-out.js';

test('jsonChunks gives exactly the text of JSON.stringify(value, null, 2), in pieces', () => {
  const report = {
    runId: 'r1', dryRun: false, skipped: undefined, fn: () => 1,
    plan: [{ kind: 'copy', key: 'a\nb', nested: { list: [1, [2, {}], []], empty: {} } }, { kind: 'record', key: 'x', gone: undefined }, undefined],
    results: [],
    counts: { copies: 2 },
    when: new Date(0),
    ms: { scan: 1.5, plan: 0 },
  };
  for (const size of [1, 7, 64 * 1024]) {
    const pieces = [...jsonChunks(report, size)];
    assert.equal(pieces.join(''), JSON.stringify(report, null, 2));
    if (size === 1) assert.ok(pieces.length > 5);
  }
  assert.equal([...jsonChunks({})].join(''), '{}');
  assert.equal([...jsonChunks({ a: [] })].join(''), JSON.stringify({ a: [] }, null, 2));
});
