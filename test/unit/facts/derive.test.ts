import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derive, needsContentProof, sideState } from '../../../src/facts/derive.js';
import type { SideState } from '../../../src/model/fact.js';
import { D0, F1, F2, OPTS, T, baseOf, dir, file } from '../../support/fixtures.js';

const base = baseOf(F1);
const rows: { description: string; now: ReturnType<typeof file> | undefined; base?: typeof base; expect: SideState; hashed?: boolean }[] = [
  { description: 'nothing now, nothing before', now: undefined, expect: 'absent' },
  { description: 'new file', now: F1, expect: 'created' },
  { description: 'same as base', now: F1, base, expect: 'unchanged' },
  { description: 'mtime within tolerance', now: file('a.txt', 100, T.T0 + 1999), base, expect: 'unchanged' },
  { description: 'mtime beyond tolerance', now: file('a.txt', 100, T.T0 + 2001), base, expect: 'modified' },
  { description: 'size changed', now: F2, base, expect: 'modified' },
  { description: 'gone', now: undefined, base, expect: 'deleted' },
  { description: 'name case changed', now: file('A.txt', 100), base, expect: 'propsChanged' },
  { description: 'mode changed', now: file('a.txt', 100, T.T0, { mode: 0o600 }), base, expect: 'propsChanged' },
  { description: 'became a folder', now: dir('a.txt'), base, expect: 'modified' },
];

for (const row of rows) {
  test(`sideState: ${row.description} → ${row.expect}`, () => {
    assert.equal(sideState(row.now, row.base, 'left', 2000), row.expect);
  });
}

test('sideState: with hashes, an mtime-only change is propsChanged and a same-size edit is modified', () => {
  const hashed = baseOf(file('a.txt', 100, T.T0, { hash: 'h1' }));
  assert.equal(sideState(file('a.txt', 100, T.later, { hash: 'h1' }), hashed, 'left', 2000), 'propsChanged');
  assert.equal(sideState(file('a.txt', 100, T.T0, { hash: 'h2' }), hashed, 'left', 2000), 'modified');
});

test('sideState: a folder is unchanged whatever its mtime; a renamed-case folder is propsChanged', () => {
  const b = baseOf(D0);
  assert.equal(sideState(dir('d', { mtimeMs: T.later }), b, 'left', 2000), 'unchanged');
  assert.equal(sideState(dir('D'), b, 'left', 2000), 'propsChanged');
});

test('derive: categorical facts for a first sync of equal files', () => {
  const fact = derive('a.txt', undefined, F1, F1, 'default', OPTS);
  assert.deepEqual(
    { ...fact.facts },
    { left: 'created', right: 'created', leftType: 'file', rightType: 'file', typeClash: false, sameContent: true,
      sameProps: true, sameNameAndMode: true, newer: 'same', isLarge: false, firstSync: true, moved: 'none', ...OPTS.conflicts },
  );
});

test('derive: newer, type clash, large', () => {
  assert.equal(derive('a.txt', base, F2, F1, 's', OPTS).facts.newer, 'left');
  assert.equal(derive('a.txt', base, F1, F2, 's', OPTS).facts.newer, 'right');
  const clash = derive('a.txt', undefined, F1, dir('a.txt'), 's', OPTS).facts;
  assert.equal(clash.typeClash, true);
  assert.equal(clash.sameContent, false);
  assert.equal(derive('a.txt', undefined, file('a.txt', 21 * 1024 * 1024), undefined, 's', OPTS).facts.isLarge, true);
  assert.equal(derive('a.txt', undefined, file('a.txt', 20 * 1024 * 1024), undefined, 's', OPTS).facts.isLarge, false);
});

test('derive: sameContent uses hashes when both sides have them, else size and mtime', () => {
  const a = file('a.txt', 100, T.T0, { hash: 'x' });
  const b = file('a.txt', 100, T.later, { hash: 'x' });
  assert.equal(derive('a.txt', undefined, a, b, 's', OPTS).facts.sameContent, true);
  assert.equal(derive('a.txt', undefined, a, file('a.txt', 100, T.later), 's', OPTS).facts.sameContent, false);
  assert.equal(derive('a.txt', undefined, a, file('a.txt', 100, T.T0, { hash: 'y' }), 's', OPTS).facts.sameContent, false);
});

// Issue 8 item 1: sameContent must agree with the side states; size + mtime never outvote a hash.
const hashedBase = baseOf(file('a.txt', 100, T.T0, { hash: 'h1' }));
const contentRows: { description: string; left: ReturnType<typeof file>; right: ReturnType<typeof file>; states: [SideState, SideState]; same: boolean }[] = [
  {
    description: 'left hashed, same-size edit within the tolerance; right unchanged',
    left: file('a.txt', 100, T.T0 + 1000, { hash: 'h2' }), right: file('a.txt', 100), states: ['modified', 'unchanged'], same: false,
  },
  {
    description: 'verifyAll: left edited keeping size and mtime; right unchanged',
    left: file('a.txt', 100, T.T0, { hash: 'h2' }), right: file('a.txt', 100), states: ['modified', 'unchanged'], same: false,
  },
  {
    description: 'left only touched (hash kept); right edited to the same size and mtime',
    left: file('a.txt', 100, T.later, { hash: 'h1' }), right: file('a.txt', 100, T.later), states: ['propsChanged', 'modified'], same: false,
  },
  {
    description: 'both edited, same size and mtime, one hash: trusted as equal (nothing says otherwise)',
    left: file('a.txt', 100, T.later, { hash: 'h2' }), right: file('a.txt', 100, T.later), states: ['modified', 'modified'], same: true,
  },
  {
    description: 'left touched (hash kept), right unchanged: the base proves them equal',
    left: file('a.txt', 100, T.later, { hash: 'h1' }), right: file('a.txt', 100), states: ['propsChanged', 'unchanged'], same: true,
  },
];

for (const row of contentRows) {
  test(`derive: sameContent ${row.same} when ${row.description}`, () => {
    const fact = derive('a.txt', hashedBase, row.left, row.right, 's', OPTS).facts;
    assert.deepEqual([fact.left, fact.right], row.states);
    assert.equal(fact.sameContent, row.same);
  });
}

// Issue 8 item 2: which pairs only their bytes can tell apart (read before a conflict is called).
const proofRows: { description: string; base?: ReturnType<typeof baseOf>; left?: ReturnType<typeof file>; right?: ReturnType<typeof file> | ReturnType<typeof dir>; read: boolean }[] = [
  { description: 'first sync, same size, mtimes an hour apart', left: file('a.txt', 100), right: file('a.txt', 100, T.T0 + 3_600_000), read: true },
  { description: 'both modified, same size, mtimes apart', base, left: file('a.txt', 100, T.later), right: file('a.txt', 100, T.later + 60_000), read: true },
  { description: 'left already hashed: the right still needs reading', left: file('a.txt', 100, T.T0, { hash: 'x' }), right: file('a.txt', 100, T.later), read: true },
  { description: 'first sync, same size and mtime: trusted as equal, not read', left: file('a.txt', 100), right: file('a.txt', 100, T.T0 + 1000), read: false },
  { description: 'different sizes: different, not read', left: file('a.txt', 100), right: file('a.txt', 101, T.later), read: false },
  { description: 'hashes on both sides decide it', left: file('a.txt', 100, T.T0, { hash: 'x' }), right: file('a.txt', 100, T.later, { hash: 'y' }), read: false },
  { description: 'one side unchanged: different by the base, not read', base, left: file('a.txt', 100, T.later), right: F1, read: false },
  { description: 'only on one side', left: file('a.txt', 100), read: false },
  { description: 'a file and a folder', left: file('a.txt', 100), right: dir('a.txt'), read: false },
];

for (const row of proofRows) {
  test(`needsContentProof: ${row.description} → ${row.read}`, () => {
    const fact = derive('a.txt', row.base, row.left, row.right, 's', OPTS);
    assert.equal(needsContentProof(fact, OPTS.mtimeToleranceMs), row.read);
  });
}

test('derive: two files read equal are sameContent, and sameNameAndMode tells an mtime-only difference', () => {
  const fact = derive('a.txt', undefined, file('a.txt', 100, T.T0, { hash: 'x' }), file('a.txt', 100, T.later, { hash: 'x' }), 's', OPTS).facts;
  assert.deepEqual([fact.sameContent, fact.sameProps, fact.sameNameAndMode, fact.newer], [true, false, true, 'right']);
  const renamed = derive('a.txt', undefined, file('A.txt', 100), file('a.txt', 100), 's', OPTS).facts;
  assert.deepEqual([renamed.sameProps, renamed.sameNameAndMode], [false, false]);
});
