import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gather, type GatherInput } from '../../../src/facts/gather.js';
import { UnchangedSkip } from '../../../src/facts/unchanged.js';
import type { BaseRecord } from '../../../src/model/base.js';
import type { Entry, Tree } from '../../../src/model/entry.js';
import { ScanTree } from '../../../src/scan/scan-tree.js';
import { BaseMap } from '../../../src/state/base-map.js';
import { decodeBase, encodeBase } from '../../../src/state/columns.js';
import { OPTS, T, baseOf, dir, file } from '../../support/fixtures.js';

// [key, left now, right now, base record]: one row per way a path can differ from the base, or not.
const MIB = 2 ** 20;
const cases: [string, Entry, Entry, BaseRecord][] = [
  ['same', file('same', 10), file('same', 10), baseOf(file('same', 10))],
  ['d', dir('d'), dir('d', { mtimeMs: T.later }), baseOf(dir('d'))],
  ['d/within', file('d/within', 5, T.T0 + 1500), file('d/within', 5), baseOf(file('d/within', 5))],
  ['d/beyond', file('d/beyond', 5, T.T0 + 2500), file('d/beyond', 5), baseOf(file('d/beyond', 5))],
  ['resized', file('resized', 5), file('resized', 6), baseOf(file('resized', 5))],
  ['chmod', file('chmod', 5), file('chmod', 5, T.T0, { mode: 0o600 }), baseOf(file('chmod', 5))],
  ['modes', file('modes', 5, T.T0, { mode: 0o600 }), file('modes', 5), baseOf(file('modes', 5, T.T0, { mode: 0o600 }), file('modes', 5))],
  ['case', file('Case', 5), file('case', 5), baseOf(file('case', 5))],
  ['spelled', file('Spelled', 5), file('spelled', 5), baseOf(file('Spelled', 5), file('spelled', 5))],
  ['newer', file('newer', 5, T.later), file('newer', 5), baseOf(file('newer', 5, T.later), file('newer', 5))],
  ['large', file('large', 30 * MIB), file('large', 30 * MIB), baseOf(file('large', 30 * MIB))],
  ['turned', dir('turned'), dir('turned'), baseOf(file('turned', 1))],
  ['new', file('new', 1), file('new', 1), undefined as unknown as BaseRecord],
];

// Rows in the given order (a folder before its entries), each under its folder's row as a walk lists them.
function scanTreeOf(entries: [string, Entry][]): ScanTree {
  const tree = new ScanTree();
  const rows = new Map<string, number>();
  entries.forEach(([key, e], row) => {
    const slash = key.lastIndexOf('/');
    const parent = slash < 0 ? -1 : rows.get(key.slice(0, slash))!;
    rows.set(key, row);
    tree.addRow(row, parent, e.rel.slice(e.rel.lastIndexOf('/') + 1), key.slice(slash + 1), e.type === 'dir', e.size, e.mtimeMs, e.mode, e.ino);
  });
  return tree;
}

async function run(left: Tree, right: Tree, base: ReadonlyMap<string, BaseRecord>) {
  const input: GatherInput = { left, right, base, scopeOf: () => 's', opts: OPTS };
  // Every probe is proven to need nothing, so the facts left are exactly the paths not unchanged on both sides.
  input.skip = new UnchangedSkip({ base, opts: OPTS, scopeOf: input.scopeOf, known: new Map() });
  const facts = gather(input);
  const again = await input.skip.settle(facts, async () => true);
  return { keys: [...facts.keys()], facts, skipped: input.skip.skipped, again };
}

test('unchanged paths read from the listings\' and the base\'s columns are left out exactly as when read from entries and records', async () => {
  const records = cases.filter(([, , , b]) => b !== undefined).map(([k, , , b]) => [k, b] as [string, BaseRecord]);
  const objects = await run(new Map(cases.map(([k, l]) => [k, l])), new Map(cases.map(([k, , r]) => [k, r])), new Map(records));
  const left = scanTreeOf(cases.map(([k, l]) => [k, l]));
  const right = scanTreeOf(cases.map(([k, , r]) => [k, r]));
  const columns = await run(left, right, decodeBase(encodeBase(new BaseMap(records))));
  assert.deepEqual(columns.keys, objects.keys);
  assert.deepEqual(columns.keys, ['d/beyond', 'resized', 'chmod', 'case', 'turned', 'new']);
  assert.deepEqual([columns.skipped, columns.again], [objects.skipped, objects.again]);
  for (const key of columns.keys) assert.deepEqual(columns.facts.get(key)?.facts, objects.facts.get(key)?.facts, key);
  // The skipped paths were compared on columns: none of them became an entry object (except each combination's probe).
  const unread = cases.filter(([k]) => left.rowOf(k) >= 0).map(([k]) => k);
  assert.ok(unread.length >= 1, `some unchanged paths stay unread: ${unread.join(', ')}`);
  for (const key of unread) assert.ok(!columns.keys.includes(key), key);
});

test('ScanTree behaves as a Map: an entry read is kept (a hash written to it stays), set and delete as a Map', () => {
  const tree = scanTreeOf([['a', file('A', 3)], ['b', dir('b')]]);
  assert.equal(tree.rowOf('a'), 0);
  const a = tree.get('a')!;
  assert.deepEqual(a, file('A', 3));
  a.hash = 'h';
  assert.equal(tree.get('a'), a);
  assert.equal(tree.rowOf('a'), -1);
  tree.set('c', file('c', 1));
  assert.ok(tree.delete('b'));
  assert.deepEqual([...tree.keys()], ['a', 'c']);
  assert.deepEqual([...tree].map(([k, e]) => [k, e.rel, e.hash]), [['a', 'A', 'h'], ['c', 'c', undefined]]);
  assert.equal(tree.size, 2);
});

test('ScanTree.fileCount counts from the type column (no row is read into an object), before and after its index is built', () => {
  const tree = scanTreeOf([['a', file('a', 3)], ['b', dir('b')], ['b/c', file('b/c', 1)]]);
  assert.equal(tree.fileCount(), 2);
  assert.deepEqual(['a', 'b', 'b/c'].map((k) => tree.rowOf(k)), [0, 1, 2], 'every row still unread');
  tree.get('a');
  tree.set('d', dir('d'));
  assert.ok(tree.delete('b/c'));
  assert.equal(tree.fileCount(), [...tree.values()].filter((e) => e.type === 'file').length);
  assert.equal(tree.fileCount(), 1);
});

test('BaseMap from columns behaves as a Map before and after its index is built (guessed rows, get kept, set and delete)', () => {
  const records: [string, BaseRecord][] = [['a', baseOf(file('a', 1))], ['b', baseOf(dir('b'))], ['b/c', baseOf(file('b/c', 2))]];
  const base = decodeBase(encodeBase(new BaseMap(records)));
  assert.deepEqual([base.size, base.fileCount(), base.rowOf('a'), base.rowOf('b')], [3, 2, 0, 1]);
  const a = base.get('a')!;
  assert.deepEqual(a, records[0][1]);
  assert.equal(base.get('a'), a);
  assert.equal(base.rowOf('a'), -1);
  assert.ok(base.has('b/c') && !base.has('x'));
  assert.ok(base.delete('b'));
  assert.deepEqual([base.has('b'), base.rowOf('b'), base.get('b'), base.size], [false, -1, undefined, 2]);
  base.set('d', records[0][1]);
  assert.deepEqual([...base.keys()], ['a', 'b/c', 'd']);
  assert.deepEqual(decodeBase(encodeBase(base)).get('b/c'), records[2][1]);
});
