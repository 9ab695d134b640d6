import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import type { Actual } from '../../../src/scenario/compare.js';
import { goldenExpect, updateGoldenFile } from '../../../src/scenario/golden.js';
import { EPOCH } from '../../../src/scenario/time.js';
import type { FlatTree } from '../../../src/scenario/tree.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const style = { mtimes: true, modes: true };
const file = (content: string, mtimeMs = EPOCH) => ({ type: 'file' as const, content, mtimeMs, mode: 0o644 });

function actual(left: FlatTree, right: FlatTree): Actual {
  return {
    left, right, trash: { left: new Map(), right: new Map([['a.txt', file('v1')]]) },
    conflicts: [{ key: 'a.txt', rule: 'bothChanged', option: 'option3', newer: 'left', left: { rel: 'A.txt', size: 2, mtimeMs: EPOCH }, right: { rel: 'a.txt', size: 2, mtimeMs: EPOCH }, actions: [], status: 'open', firstSeen: '', lastSeen: '' }],
    counts: { copies: 1, failed: 0, recorded: 2 }, plan: ['copy left->right a.txt'], problems: [], exitCode: 0, failures: [],
  };
}

test('goldenExpect writes both when the sides match, and only what is not empty', () => {
  const tree: FlatTree = new Map([['a.txt', file('v2', EPOCH + 3_600_000)]]);
  assert.deepEqual(goldenExpect(actual(tree, new Map(tree)), { secondSyncNoop: true }, style), {
    both: { 'a.txt': { content: 'v2', mtime: '+1h' } },
    trash: { right: { 'a.txt': 'v1' } },
    conflicts: [{ path: 'A.txt', rule: 'bothChanged', option: 'option3', status: 'open' }],
    counts: { copies: 1, recorded: 2 },
    plan: ['copy left->right a.txt'],
  });
});

test('goldenExpect writes each side when they differ, keeps secondSyncNoop: false and listed zero counts', () => {
  const got = goldenExpect(actual(new Map([['a.txt', file('L')]]), new Map([['a.txt', file('R')]])), { secondSyncNoop: false, counts: { deletes: 0 } }, style);
  assert.deepEqual([got.left, got.right, got.secondSyncNoop], [{ 'a.txt': 'L' }, { 'a.txt': 'R' }, false]);
  assert.deepEqual(got.counts, { copies: 1, deletes: 0, recorded: 2 }, 'a listed count stays at zero');
});

test('updateGoldenFile rewrites expect only, and says whether the file changed', () => {
  const root = makeTmp();
  try {
    const path = join(root, 's.json5');
    writeFileSync(path, "// keep me\n{\n  name: 's', // and me\n  expect: { both: {} },\n}\n");
    assert.equal(updateGoldenFile(path, { both: { 'a.txt': 'A' } }), true);
    assert.equal(readFileSync(path, 'utf8'), "// keep me\n{\n  name: 's', // and me\n  expect: {\n    both: { 'a.txt': 'A' },\n  },\n}\n");
    assert.equal(updateGoldenFile(path, { both: { 'a.txt': 'A' } }), false);
    assert.equal(JSON5.parse(readFileSync(path, 'utf8')).name, 's');
  } finally {
    removeTmp(root);
  }
});
