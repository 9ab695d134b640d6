import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScanTree } from '../../../src/scan/scan-tree.js';

const row = (tree: ScanTree, r: number, parent: number, name: string, nameKey: string, isDir = false) =>
  tree.addRow(r, parent, name, nameKey, isDir, isDir ? 0 : r, 1000 + r, 0o644, 50 + r);

test('ScanTree builds keys from name keys and paths from names, segment by segment, only when asked', () => {
  const tree = new ScanTree();
  row(tree, 0, -1, 'Ü', 'ü', true);
  row(tree, 1, 0, 'U\u0308ber', 'über', true);
  row(tree, 2, 1, 'A.TXT', 'a.txt');
  row(tree, 3, -1, 'b', 'b');
  assert.equal(tree.keyAt(2), 'ü/über/a.txt');
  assert.equal(tree.relAt(2), 'Ü/U\u0308ber/A.TXT');
  assert.deepEqual([tree.parentAt(2), tree.nameAt(2), tree.nameKeyAt(2)], [1, 'A.TXT', 'a.txt']);
  assert.deepEqual([...tree.keys()], ['ü', 'ü/über', 'ü/über/a.txt', 'b']);
  assert.deepEqual(tree.get('ü/über/a.txt'), { rel: 'Ü/U\u0308ber/A.TXT', type: 'file', size: 2, mtimeMs: 1002, mode: 0o644, ino: 52 });
  assert.ok(tree.has('b'));
  assert.ok(!tree.has('ü/a.txt'));
});

test('ScanTree of a subtree listing: top rows sit under the folder it was listed from', () => {
  const tree = new ScanTree({ rel: 'Top/Sub', key: 'top/sub' });
  row(tree, 0, -1, 'X', 'x', true);
  row(tree, 1, 0, 'Y', 'y');
  assert.deepEqual([...tree].map(([k, e]) => [k, e.rel]), [['top/sub/x', 'Top/Sub/X'], ['top/sub/x/y', 'Top/Sub/X/Y']]);
});

test('ScanTree rows added after its index exists are found by key; a parent after its entry is refused', () => {
  const tree = new ScanTree();
  row(tree, 0, -1, 'd', 'd', true);
  tree.set('other', { rel: 'other', type: 'file', size: 1, mtimeMs: 1, mode: 0o644, ino: 1 });
  row(tree, 1, 0, 'e', 'e');
  assert.equal(tree.get('d/e')?.ino, 51);
  assert.deepEqual([...tree.keys()], ['d', 'other', 'd/e']);
  assert.throws(() => row(tree, 2, 2, 'f', 'f'), /a folder comes before its entries/);
  assert.throws(() => row(tree, 5, 0, 'f', 'f'), /out of order/);
});
