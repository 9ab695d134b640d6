import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { BaseRecord } from '../../../src/model/base.js';
import { toKey } from '../../../src/model/key.js';
import { BaseMap } from '../../../src/state/base-map.js';
import { decodeState, encodeState, FORMAT_VERSION } from '../../../src/state/codec.js';
import { decodeBase, encodeBase, type BaseSection } from '../../../src/state/columns.js';
import { emptyState } from '../../../src/state/types.js';
import { realisticBase } from './fixtures.js';

const side = (rel: string, over: object = {}) => ({ rel, size: 10, mtimeMs: 1_700_000_000_000, mode: 0o644, ino: 5, ...over });
const rec = (rel: string, right = rel, type: 'file' | 'dir' = 'file', over: object = {}, rover: object = {}): BaseRecord =>
  ({ type, left: side(rel, over), right: side(right, rover) });

function roundTrip(entries: [string, BaseRecord][]): { back: BaseMap; section: BaseSection } {
  const section = encodeBase(new BaseMap(entries));
  const back = decodeBase(JSON.parse(JSON.stringify(section)));
  return { back, section };
}

test('format 3 round trip: a tree with both spellings, folds, odd rows and odd numbers, as a Map', () => {
  const entries: [string, BaseRecord][] = [
    ['docs', rec('Docs', 'docs', 'dir')],
    ['docs/ä.txt', rec('Docs/A\u0308.txt', 'docs/a\u0308.TXT')],
    ['docs/sub', rec('Docs/Sub', 'docs/Sub', 'dir')],
    ['docs/sub/x', rec('Docs/Sub/X', 'docs/Sub/X', 'file', { mtimeMs: 1.5, size: 2 ** 60 }, { mtimeMs: -3, ino: 2 ** 53 + 2 })],
    ['Case', rec('Case', 'Case', 'file', { hash: 'abc' })],
    ['nfc\u00e9', rec('nfce\u0301', 'nfc\u00e9', 'file', {}, { hash: 'def', mode: 0o600 })],
    // No record of 'gone' or 'gone/deep': the row's parent is the top level, spelled out whole.
    ['gone/deep/f', rec('gone/deep/f')],
    // Spelled apart from its folder's record.
    ['docs/apart', rec('elsewhere/apart', 'Docs/apart')],
    // A key that is no fold of its name.
    ['weird', rec('other')],
    ['0', rec('0')],
  ];
  const { back } = roundTrip(entries);
  assert.equal(back.size, entries.length);
  for (const [key, r] of entries) assert.deepEqual(back.get(key), r, key);
  assert.deepEqual(new Set(back.keys()), new Set(entries.map(([k]) => k)));
});

test('format 3 writes rows in the walk order: a folder\'s entries sorted by name, then each subfolder\'s, parents first', () => {
  const keys = ['b', 'a/z', 'a', 'c/d', 'a/y', 'c', 'a/y/q', 'B', 'c/d/e', 'a/x'];
  const entries: [string, BaseRecord][] = keys.map((k) => [k, rec(k, k, ['a', 'c', 'c/d', 'a/y'].includes(k) ? 'dir' : 'file')]);
  const { back } = roundTrip(entries);
  const rows = Array.from({ length: back.rowCount() }, (_, row) => back.keyAt(row));
  assert.deepEqual(rows, ['B', 'a', 'b', 'c', 'a/x', 'a/y', 'a/z', 'a/y/q', 'c/d', 'c/d/e']);
  for (let row = 0; row < back.rowCount(); row++) {
    const p = back.parentAt(row);
    assert.ok(p < row, 'a parent comes first');
    assert.equal(p < 0 ? back.nameAt(row, 'left') : `${back.keyAt(p)}/${back.nameAt(row, 'left')}`, back.keyAt(row));
  }
});

test('format 3 keeps tree order after inserts and deletes (a rewritten base is sorted again)', () => {
  const first = roundTrip([['m', rec('m', 'm', 'dir')], ['m/b', rec('m/b')], ['z', rec('z')]]).back;
  first.set('m/a', rec('m/a'));
  first.set('a', rec('a', 'a', 'dir'));
  first.set('a/k', rec('a/k'));
  first.delete('z');
  first.delete('m/b');
  const { back } = roundTrip([...first]);
  assert.deepEqual(Array.from({ length: back.rowCount() }, (_, row) => back.keyAt(row)), ['a', 'm', 'a/k', 'm/a']);
  assert.deepEqual(back.get('m/a'), rec('m/a'));
  assert.equal(back.get('z'), undefined);
});

test('format 3 row accessors: names per side, fold per segment (NFC and case folding stay within a segment), liveness', () => {
  const entries: [string, BaseRecord][] = [
    [toKey('Ü', true), rec('U\u0308', 'u\u0308', 'dir')],
    [toKey('Ü/Straße', true), rec('U\u0308/Straße', 'u\u0308/STRASSE')],
  ];
  const { back } = roundTrip(entries);
  const row = back.rowOf('ü/straße');
  assert.ok(row >= 0);
  assert.equal(back.nameAt(row, 'left'), 'Straße');
  assert.equal(back.nameAt(row, 'right'), 'STRASSE');
  assert.equal(back.nameKeyAt(row), 'straße');
  assert.equal(back.relAt(row, 'right'), 'u\u0308/STRASSE');
  assert.equal(back.keyAt(back.parentAt(row)), 'ü');
  assert.ok(back.liveAt(row));
  back.get('ü/straße');
  assert.ok(!back.liveAt(row), 'read into a record');
});

test('format 3 at realistic scale: same records back, and a third of format 2\'s size or less', () => {
  // As a walk records them: every folder has its own record.
  const base = realisticBase(5000);
  for (const key of [...base.keys()]) {
    const r = base.get(key)!;
    for (let slash = key.lastIndexOf('/'); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
      const dirRel = r.left.rel.slice(0, slash);
      if (!base.has(key.slice(0, slash))) base.set(key.slice(0, slash), rec(dirRel, dirRel, 'dir'));
    }
  }
  const { back, section } = roundTrip([...base]);
  for (const [key, r] of base) assert.deepEqual(back.get(key), r, key);
  // Format 2 held every left path and 8 doubles (base64) per record, plus a key marker.
  const v2 = [...base.values()].reduce((n, r) => n + JSON.stringify(r.left.rel).length + 3, 0) + Math.ceil((base.size * 65) / 3) * 4;
  assert.ok(JSON.stringify(section).length * 3 <= v2, `${JSON.stringify(section).length} vs format 2 ${v2}`);
});

test('a damaged format 3 section is StateCorrupt, never a wrong base', () => {
  const { section } = roundTrip([['a', rec('a', 'a', 'dir')], ['a/b', rec('a/b')]]);
  const bad: unknown[] = [
    { ...section, rows: 3 },
    { ...section, nums: section.nums.slice(0, 8) },
    { ...section, nums: Buffer.concat([Buffer.from(section.nums, 'base64'), Buffer.from([0])]).toString('base64') },
    { ...section, keys: [7, 'x'] },
    { ...section, odd: [1, 'x'] },
    { ...section, fold: 5 },
  ];
  for (const s of bad) assert.throws(() => decodeBase(s), { name: 'StateCorrupt' }, JSON.stringify(s));
});

function fileOf(version: number, payload: object): Buffer {
  const text = JSON.stringify(payload);
  const sum = createHash('sha256').update(text).digest('hex');
  return Buffer.from(`{"formatVersion":${version},"checksum":"sha256:${sum}","payload":${text}}\n`);
}

test('a format 2 file is still read (and the next encode is format 3)', () => {
  const nums = Buffer.alloc(2 * 65);
  [10, 1.5, 0o644, 7, 11, 2.5, 0o600, 8].forEach((v, i) => nums.writeDoubleLE(v, i * 8));
  [0, 100, 0o755, 9, 0, 200, 0o755, 10].forEach((v, i) => nums.writeDoubleLE(v, 64 + i * 8));
  nums[128] = 0;
  nums[129] = 1;
  const base = { keys: [1, 0], rels: ['Docs/A.txt', 'd'], rightRels: [0, 'docs/a.TXT'], nums: nums.toString('base64'), hashes: [['h', ''], ['', '']] };
  const { data, version } = decodeState(fileOf(2, { seq: 4, baseComplete: true, base, conflicts: [], runs: [], extra: {} }));
  assert.equal(version, 2);
  assert.deepEqual(data.base.get('docs/a.txt'), {
    type: 'file', left: { rel: 'Docs/A.txt', size: 10, mtimeMs: 1.5, mode: 0o644, ino: 7, hash: 'h' },
    right: { rel: 'docs/a.TXT', size: 11, mtimeMs: 2.5, mode: 0o600, ino: 8 },
  });
  assert.deepEqual(data.base.get('d'), { type: 'dir', left: side('d', { size: 0, mtimeMs: 100, mode: 0o755, ino: 9 }), right: side('d', { size: 0, mtimeMs: 200, mode: 0o755, ino: 10 }) });
  assert.equal(data.seq, 4);
  const again = decodeState(Buffer.from(encodeState(data)));
  assert.equal(again.version, FORMAT_VERSION);
  assert.deepEqual([...again.data.base].sort(), [...data.base].sort());
});

test('an empty base round-trips', () => {
  const data = emptyState();
  const back = decodeState(Buffer.from(encodeState(data))).data;
  assert.equal(back.base.size, 0);
  assert.deepEqual([...back.base.keys()], []);
});

test('a loaded base changed key by key (a journal replayed) answers as a Map, without an index of every key', () => {
  const entries: [string, BaseRecord][] = [];
  for (let d = 0; d < 4; d++) {
    entries.push([`d${d}`, rec(`D${d}`, `D${d}`, 'dir')]);
    for (let f = 0; f < 6; f++) entries.push([`d${d}/f${f}`, rec(`D${d}/F${f}`)]);
  }
  const { back } = roundTrip(entries);
  const ref = new Map(back);
  let seed = 3;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const keys = [...ref.keys(), 'new', 'd1/new', 'd9/x'];
  for (let i = 0; i < 60; i++) {
    const key = keys[Math.floor(rnd() * keys.length)];
    if (rnd() < 0.4) assert.equal(back.delete(key), ref.delete(key), `delete ${key}`);
    else {
      const r = rec(key, key, rnd() < 0.3 ? 'dir' : 'file', { size: i });
      back.set(key, r);
      ref.set(key, r);
    }
    const probe = keys[Math.floor(rnd() * keys.length)];
    assert.equal(back.has(probe), ref.has(probe), `has ${probe}`);
    assert.deepEqual(back.get(probe), ref.get(probe), `get ${probe}`);
    assert.equal(back.size, ref.size);
  }
  assert.ok(back.plain() === false || [...ref.keys()].every((k) => entries.some(([e]) => e === k)));
  assert.deepEqual(new Set(back.keys()), new Set(ref.keys()));
  assert.equal(back.fileCount(), [...ref.values()].filter((r) => r.type === 'file').length);
  const again = roundTrip([...back]).back;
  assert.deepEqual(new Map([...again].sort()), new Map([...ref].sort()));
});
