import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gather, type GatherInput } from '../../../src/facts/gather.js';
import { UnchangedSkip } from '../../../src/facts/unchanged.js';
import type { BaseRecord } from '../../../src/model/base.js';
import type { Entry, Tree } from '../../../src/model/entry.js';
import { toKey, type Key } from '../../../src/model/key.js';
import { ScanTree } from '../../../src/scan/scan-tree.js';
import { BaseMap } from '../../../src/state/base-map.js';
import { decodeBase, encodeBase } from '../../../src/state/columns.js';
import { OPTS, T, baseOf, dir, file } from '../../support/fixtures.js';

// A listing as a walk makes it (scan/walk-core listFolder): a folder's entries sorted by name, then each subfolder's.
function walked(entries: Map<Key, Entry>): ScanTree {
  const kids = new Map<Key, Key[]>();
  for (const key of entries.keys()) {
    const slash = key.lastIndexOf('/');
    const parent = slash < 0 ? '' : key.slice(0, slash);
    if (!kids.has(parent)) kids.set(parent, []);
    kids.get(parent)!.push(key);
  }
  const name = (key: Key) => entries.get(key)!.rel.slice(entries.get(key)!.rel.lastIndexOf('/') + 1);
  const tree = new ScanTree();
  const rowOf = new Map<Key, number>();
  const list = (folder: Key) => {
    const mine = (kids.get(folder) ?? []).sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
    for (const key of mine) {
      const e = entries.get(key)!;
      const row = tree.rowCount();
      rowOf.set(key, row);
      tree.addRow(row, folder === '' ? -1 : rowOf.get(folder)!, name(key), key.slice(key.lastIndexOf('/') + 1), e.type === 'dir', e.size, e.mtimeMs, e.mode, e.ino);
    }
    for (const key of mine) if (entries.get(key)!.type === 'dir') list(key);
  };
  list('');
  return tree;
}

interface World { left: Map<Key, Entry>; right: Map<Key, Entry>; base: Map<Key, BaseRecord>; incomplete?: Key[]; kept?: Key[]; scope?: (key: Key) => string; dirsUnproven?: boolean }

async function pass(w: World, rows: boolean, edit?: (base: BaseMap) => void) {
  const left: Tree = rows ? walked(w.left) : new Map(w.left);
  const right: Tree = rows ? walked(w.right) : new Map(w.right);
  const base = rows ? decodeBase(JSON.parse(JSON.stringify(encodeBase(new BaseMap(w.base))))) : new Map(w.base);
  if (rows && edit) edit(base as BaseMap);
  const kept = new Set(w.kept ?? []);
  const scopeOf = w.scope ?? (() => 's');
  const input: GatherInput = { left, right, base, scopeOf, opts: OPTS, incomplete: w.incomplete };
  input.skip = new UnchangedSkip({ base, opts: OPTS, scopeOf, keep: (k) => kept.has(k), known: new Map() });
  // A scope that depends on the name (w.scope) is never a folder's: the pass asks per key.
  if (rows) input.aligned = { scopeOfFolder: () => (w.scope ? null : 's'), kept };
  const facts = gather(input);
  // A policy that proves every combination but folders' (their facts are then built, probe and all).
  const again = await input.skip.settle(facts, async (probe) => probe.left?.type !== 'dir' || !w.dirsUnproven);
  const final = again ? gather(input) : facts;
  const keys = [...final.keys()].sort();
  return { keys, facts: final, left, skipped: input.skip.skipped };
}

async function same(w: World, edit?: (base: BaseMap) => void, edited?: (base: Map<Key, BaseRecord>) => void): Promise<Awaited<ReturnType<typeof pass>>> {
  const byRows = await pass(w, true, edit);
  if (edited) edited(w.base);
  const byKeys = await pass(w, false);
  assert.deepEqual(byRows.keys, byKeys.keys);
  for (const key of byKeys.keys) assert.deepEqual(byRows.facts.get(key), byKeys.facts.get(key), key);
  assert.equal(byRows.skipped, byKeys.skipped);
  return byRows;
}

/** A synced tree of `folders` folders of `files` files; every side and the base agree. */
function synced(folders: number, files: number, spell = (rel: string) => rel): World {
  const left = new Map<Key, Entry>();
  for (let d = 0; d < folders; d++) {
    left.set(`d${d}`, dir(`d${d}`));
    for (let f = 0; f < files; f++) left.set(`d${d}/f${f}.txt`, file(`d${d}/f${f}.txt`, 10 + f));
  }
  const right = new Map([...left].map(([k, e]) => [k, { ...e, rel: spell(e.rel) }]));
  const base = new Map([...left].map(([k, e]) => [k, baseOf(e, right.get(k)!)]));
  return { left, right, base };
}

test('a no-change pass by rows leaves every unchanged path out building no path key (only folders\')', async () => {
  const w = synced(5, 40);
  const { keys, left } = await same(w);
  // Each combination's probe (proven) and the odd-sized files' (not proven): the same as by keys.
  assert.ok(keys.length < 20, keys.join());
  assert.ok((left as ScanTree).keysBuilt <= 5 + 2 * keys.length + 4, `keys built: ${(left as ScanTree).keysBuilt}`);
});

test('alignment miss and resync: inserts, deletes and type changes on either side, base-only and new keys', async () => {
  const w = synced(4, 12);
  w.dirsUnproven = true;
  w.left.set('d1/a-new.txt', file('d1/a-new.txt', 1));
  w.left.set('d1/f5.txt zz', file('d1/f5.txt zz', 1));
  w.right.set('d2/0first', file('d2/0first', 2));
  w.left.delete('d0/f3.txt');
  w.right.delete('d0/f4.txt');
  w.left.delete('d3/f1.txt');
  w.right.delete('d3/f1.txt');
  w.left.set('d2/f7.txt', dir('d2/f7.txt'));
  w.right.set('n', dir('n'));
  w.right.set('n/x', file('n/x', 3));
  w.base.set('gone', baseOf(dir('gone')));
  w.base.set('gone/y', baseOf(file('gone/y', 4)));
  w.right.set('d1/f2.txt', file('d1/f2.txt', 12, T.later));
  const { keys } = await same(w);
  for (const k of ['d1/a-new.txt', 'd2/0first', 'd0/f3.txt', 'd0/f4.txt', 'd3/f1.txt', 'd2/f7.txt', 'n', 'n/x', 'gone', 'gone/y', 'd1/f2.txt']) assert.ok(keys.includes(k), k);
});

test('case-insensitive keys: sides spelled apart in case sort apart, and pair by key; a respelled folder is not unchanged', async () => {
  const w = synced(3, 8, (rel) => rel.toUpperCase());
  for (const m of [w.left, w.right]) for (const [k, e] of [...m]) { m.delete(k); m.set(toKey(e.rel, true), e); }
  w.base = new Map([...w.base].map(([k, b]) => [toKey(k, true), b]));
  // Names whose order differs by case: 'B' < 'a' but 'b' > 'A'.
  w.left.set('d0/b', file('d0/b', 1));
  w.right.set('d0/b', file('D0/B', 1));
  w.base.set('d0/b', baseOf(file('d0/b', 1), file('D0/B', 1)));
  // The base remembers another spelling of d1 on the right: everything in it changed spelling.
  for (const [k, b] of [...w.base]) if (k === 'd1' || k.startsWith('d1/')) w.base.set(k, { ...b, right: { ...b.right, rel: b.right.rel.replace('D1', 'd1') } });
  const { keys } = await same(w);
  assert.ok(keys.includes('d1') && keys.includes('d1/f0.txt'), keys.join());
  assert.ok(!keys.includes('d0/b'), 'its spellings are the base\'s');
});

test('NFC: a side spelled in NFD pairs with the other by key and is a respelling, not unchanged', async () => {
  const w: World = { left: new Map(), right: new Map(), base: new Map() };
  const nfd = 'Bu\u0308ro';
  const key = 'Büro';
  w.left.set(key, dir(key));
  w.right.set(key, dir(nfd));
  w.left.set(`${key}/a`, file(`${key}/a`, 1));
  w.right.set(`${key}/a`, file(`${nfd}/a`, 1));
  w.base.set(key, baseOf(dir(key)));
  w.base.set(`${key}/a`, baseOf(file(`${key}/a`, 1)));
  w.left.set('x', file('x', 1));
  w.right.set('x', file('x', 1));
  w.base.set('x', baseOf(file('x', 1)));
  const { keys } = await same(w);
  assert.deepEqual(keys, [key, `${key}/a`, 'x'].filter((k) => keys.includes(k)));
  assert.ok(keys.includes(`${key}/a`));
});

test('incomplete folders sit out below them; kept keys are always decided; a scope by name is asked per key', async () => {
  const w = synced(3, 6);
  w.left.delete('d0/f1.txt');
  w.incomplete = ['d0'];
  w.kept = ['d2/f4.txt'];
  w.scope = (key) => (key.endsWith('5.txt') ? 'fives' : 's');
  const { keys } = await same(w);
  assert.ok(!keys.includes('d0/f1.txt'), 'under an incomplete folder: never read as deleted');
  assert.ok(keys.includes('d2/f4.txt'), 'kept');
});

test('a base changed since its load (journal replay) and one with keyed rows are paired only where rows still hold', async () => {
  const w = synced(3, 6);
  const { keys } = await same(w, (base) => {
    base.set('d1/f2.txt', baseOf(file('d1/f2.txt', 99)));
    base.delete('d2/f3.txt');
    base.set('d2/new', baseOf(file('d2/new', 1)));
  }, (base) => {
    base.set('d1/f2.txt', baseOf(file('d1/f2.txt', 99)));
    base.delete('d2/f3.txt');
    base.set('d2/new', baseOf(file('d2/new', 1)));
  });
  for (const k of ['d1/f2.txt', 'd2/f3.txt', 'd2/new']) assert.ok(keys.includes(k), k);
  const keyed = synced(2, 4);
  keyed.base.set('d0/f1.txt', baseOf(file('elsewhere/F1', 11), file('d0/f1.txt', 11)));
  keyed.base.set('odd/deep/k', baseOf(file('odd/deep/k', 1)));
  await same(keyed);
});

test('randomised worlds: by rows and by keys give the same facts', async () => {
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let round = 0; round < 30; round++) {
    const w = synced(1 + Math.floor(rnd() * 4), 1 + Math.floor(rnd() * 8), rnd() < 0.3 ? (r) => r.replace('f', 'F') : (r) => r);
    const all = [...new Set([...w.left.keys(), ...w.right.keys()])];
    for (let i = 0; i < 6; i++) {
      const k = all[Math.floor(rnd() * all.length)];
      const pick = rnd();
      if (pick < 0.2) w.left.delete(k);
      else if (pick < 0.4) w.right.delete(k);
      else if (pick < 0.55) w.base.delete(k);
      else if (pick < 0.7 && w.left.get(k)?.type === 'file') w.left.set(k, { ...w.left.get(k)!, size: 1000 + i });
      else if (pick < 0.8) w.right.set(`${k}-r${i}`, file(`${w.right.get(k)?.rel ?? k}-r${i}`, 3));
      else if (pick < 0.9) w.incomplete = [k];
      else w.kept = [k];
    }
    // A deleted folder takes its entries with it on that side (as a walk would see it).
    for (const m of [w.left, w.right]) for (const k of [...m.keys()]) if (k.includes('/') && !m.has(k.slice(0, k.lastIndexOf('/')))) m.delete(k);
    await same(w);
  }
});
