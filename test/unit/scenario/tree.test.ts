import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EPOCH } from '../../../src/scenario/time.js';
import { byPath, flattenTree, sameTree, toLiteral, type FlatTree } from '../../../src/scenario/tree.js';

const style = { mtimes: true, modes: true };

test('flattenTree lists folders and files with only the details given', () => {
  const flat = flattenTree({ 'a.txt': 'A', 'sub/': { 'b.txt': { content: 'B', mtime: '+1h', mode: '600' }, 'empty/': {} } });
  assert.deepEqual([...flat.entries()], [
    ['a.txt', { type: 'file', content: 'A' }],
    ['sub', { type: 'dir' }],
    ['sub/b.txt', { type: 'file', content: 'B', mtimeMs: EPOCH + 3_600_000, mode: 0o600 }],
    ['sub/empty', { type: 'dir' }],
  ]);
});

test('flattenTree: a later tree adds to and replaces an earlier one, a file replacing a folder drops its children', () => {
  const both = flattenTree({ 'a.txt': 'A', 'x/': { 'in.txt': 'I' } });
  const left = flattenTree({ 'a.txt': 'A2', 'x': 'now a file', 'c.txt': 'C' }, new Map(both));
  assert.deepEqual(Object.fromEntries(left), {
    'a.txt': { type: 'file', content: 'A2' }, x: { type: 'file', content: 'now a file' }, 'c.txt': { type: 'file', content: 'C' },
  });
});

test('flattenTree repeats content for sizes', () => {
  const flat = flattenTree({ 'big.bin': { content: 'x', repeat: 2000 } });
  assert.equal((flat.get('big.bin') as { content: string }).content.length, 2000);
});

test('toLiteral writes mtimes off the epoch, modes off the default, long runs as repeat', () => {
  const flat: FlatTree = new Map([
    ['a.txt', { type: 'file', content: 'A', mtimeMs: EPOCH, mode: 0o644 }],
    ['sub', { type: 'dir' }],
    ['sub/b.txt', { type: 'file', content: 'B', mtimeMs: EPOCH + 60_000, mode: 0o600 }],
    ['sub/big.bin', { type: 'file', content: 'y'.repeat(100), mtimeMs: EPOCH, mode: 0o644 }],
    ['empty', { type: 'dir' }],
  ]);
  assert.deepEqual(toLiteral(flat, style), {
    'a.txt': 'A',
    'empty/': {},
    'sub/': { 'b.txt': { content: 'B', mtime: '+1m', mode: '600' }, 'big.bin': { content: 'y', repeat: 100 } },
  });
  assert.deepEqual(toLiteral(flat, { mtimes: false, modes: false })['sub/'], { 'b.txt': 'B', 'big.bin': { content: 'y', repeat: 100 } });
});

test('byPath keeps a folder and its children together', () => {
  assert.deepEqual(['a-b', 'a/c', 'a', 'a.txt'].sort(byPath), ['a', 'a-b', 'a.txt', 'a/c'].sort(byPath));
  assert.deepEqual(['a/z', 'a-b', 'a'].sort(byPath), ['a', 'a/z', 'a-b']);
});

test('sameTree compares paths, contents, mtimes and modes', () => {
  const a: FlatTree = new Map([['f', { type: 'file', content: 'x', mtimeMs: EPOCH, mode: 0o644 }]]);
  assert.ok(sameTree(a, new Map([['f', { type: 'file', content: 'x', mtimeMs: EPOCH + 300, mode: 0o644 }]])));
  assert.ok(!sameTree(a, new Map([['f', { type: 'file', content: 'x', mtimeMs: EPOCH + 5000, mode: 0o644 }]])));
  assert.ok(!sameTree(a, new Map([['f', { type: 'dir' }]])));
});
