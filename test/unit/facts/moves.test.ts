import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gather } from '../../../src/facts/gather.js';
import { pairMoves } from '../../../src/facts/moves.js';
import type { BaseRecord } from '../../../src/model/base.js';
import type { Entry, Tree } from '../../../src/model/entry.js';
import { OPTS, T, baseOf, dir, file } from '../../support/fixtures.js';

function world(left: Entry[], right: Entry[], base: [string, BaseRecord][]) {
  const tree = (entries: Entry[]): Tree => new Map(entries.map((e) => [e.rel.toLowerCase(), e]));
  const trees = { left: tree(left), right: tree(right) };
  const facts = gather({ ...trees, base: new Map(base), scopeOf: () => 's', opts: OPTS });
  const skip = pairMoves(facts, { trees, caseInsensitive: true, derive: OPTS });
  return { facts, skip };
}

const A = file('a.txt', 10, T.T0, { ino: 7 });

test('a file renamed on the left pairs with its old path; the old path sits the pass out', () => {
  const { facts, skip } = world([file('b.txt', 10, T.T0, { ino: 7 })], [A], [['a.txt', baseOf(A)]]);
  assert.equal(facts.get('b.txt')?.facts.moved, 'left');
  assert.equal(facts.get('b.txt')?.movedFrom, 'a.txt');
  assert.deepEqual([...skip], ['a.txt']);
});

test('a different inode, size or mtime is not a move', () => {
  for (const moved of [file('b.txt', 10, T.T0, { ino: 8 }), file('b.txt', 11, T.T0, { ino: 7 }), file('b.txt', 10, T.later, { ino: 7 })]) {
    const { facts, skip } = world([moved], [A], [['a.txt', baseOf(A)]]);
    assert.equal(facts.get('b.txt')?.facts.moved, 'none', moved.rel);
    assert.equal(skip.size, 0);
  }
});

test('two equal candidates are ambiguous: no pairing (copy + delete loses nothing)', () => {
  const B = file('b.txt', 10, T.T0);
  const a0 = file('a.txt', 10, T.T0);
  const { skip } = world([file('c.txt', 10, T.T0), file('d.txt', 10, T.T0)], [a0, B], [['a.txt', baseOf(a0)], ['b.txt', baseOf(B)]]);
  assert.equal(skip.size, 0);
});

test('a renamed folder pairs by inode and carries the records under it', () => {
  const D = dir('Projects', { ino: 100 });
  const X = file('Projects/x.txt', 5, T.T0, { ino: 101 });
  const { facts, skip } = world(
    [dir('Archive', { ino: 100 }), file('Archive/x.txt', 5, T.T0, { ino: 101 })],
    [D, X],
    [['projects', baseOf(D)], ['projects/x.txt', baseOf(X)]],
  );
  assert.equal(facts.get('archive')?.facts.moved, 'left');
  assert.deepEqual(facts.get('archive')?.carries, [{ key: 'projects/x.txt', toKey: 'archive/x.txt' }]);
  assert.deepEqual([...skip].sort(), ['projects', 'projects/x.txt']);
  // Inside, the path is derived as if already moved: unchanged on both sides against the carried record.
  const inside = facts.get('archive/x.txt');
  assert.deepEqual([inside?.facts.left, inside?.facts.right, inside?.right?.rel, inside?.base?.right.rel], ['unchanged', 'unchanged', 'Archive/x.txt', 'Archive/x.txt']);
});

test('a new folder that reuses a deleted folder\'s inode, holding nothing of it, is not a move', () => {
  const D = dir('x', { ino: 100 });
  const B = file('x/b.txt', 5, T.T0, { ino: 101 });
  const { facts, skip } = world([dir('z', { ino: 100 })], [D, B], [['x', baseOf(D)], ['x/b.txt', baseOf(B)]]);
  assert.equal(facts.get('z')?.facts.moved, 'none');
  assert.equal(skip.size, 0);
});

test('moved on the left while edited on the right still pairs (the edit lands at the new path)', () => {
  const edited = file('a.txt', 20, T.later, { ino: 9 });
  const { facts } = world([file('b.txt', 10, T.T0, { ino: 7 })], [edited], [['a.txt', baseOf(A)]]);
  assert.equal(facts.get('b.txt')?.facts.moved, 'left');
});
