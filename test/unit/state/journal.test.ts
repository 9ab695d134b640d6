import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BaseRecord } from '../../../src/model/base.js';
import { FORMAT_VERSION } from '../../../src/state/codec.js';
import { encodeRow } from '../../../src/state/rows.js';
import { JOURNAL_FILE, StateStore, STATE_FILE } from '../../../src/state/store.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { realisticBase } from './fixtures.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-journal-');
  try { await fn(dir); } finally { removeTmp(dir); }
}

const RECORDS = realisticBase(20_000);
const KEYS = [...RECORDS.keys()];
const sized = (key: string, size: number): BaseRecord => ({ ...RECORDS.get(key)!, left: { ...RECORDS.get(key)!.left, size } });

/** A state of 20k records written as a snapshot, then `lines` journal lines of 10 changed records each. */
async function stateWithJournal(dir: string, lines: number): Promise<void> {
  const store = await StateStore.open(dir);
  for (const [key, rec] of RECORDS) store.setBase(key, rec);
  store.markBaseComplete();
  await store.flush();
  for (let line = 1; line <= lines; line++) {
    for (let j = 0; j < 10; j++) store.setBase(KEYS[line * 10 + j], sized(KEYS[line * 10 + j], line));
    store.setExtra('line', line);
    await store.flush();
  }
  await store.close();
}

test('a pass that changes 10 of 20k records appends one journal line of O(10) bytes and leaves the snapshot alone', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir);
  for (const [key, rec] of RECORDS) store.setBase(key, rec);
  await store.flush();
  const snapshot = statSync(join(dir, STATE_FILE));
  for (let j = 0; j < 10; j++) store.setBase(KEYS[j], sized(KEYS[j], 7));
  store.setBase(KEYS[10], null);
  store.recordRun({ runId: 'r1', start: '', end: '', counts: { copies: 10 }, exitCode: 0 });
  await store.flush();
  await store.close();
  const journal = statSync(join(dir, JOURNAL_FILE)).size;
  assert.equal(store.stats.lastWriteBytes, journal);
  assert.ok(journal < 11 * 200 + 400, `${journal} bytes for 11 records and a run (the snapshot is ${snapshot.size})`);
  assert.equal(statSync(join(dir, STATE_FILE)).mtimeMs, snapshot.mtimeMs, 'the snapshot is not rewritten');
  const again = await StateStore.open(dir, { readOnly: true });
  assert.equal(again.base.size, RECORDS.size - 1);
  assert.deepEqual(again.base.get(KEYS[3]), sized(KEYS[3], 7));
  assert.equal(again.base.has(KEYS[10]), false);
  assert.deepEqual(again.base.get(KEYS[11]), RECORDS.get(KEYS[11]));
  assert.deepEqual(again.runs.map((r) => r.runId), ['r1']);
}));

test('the journal is folded into a new snapshot once it outgrows its share of the snapshot', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir);
  for (const [key, rec] of RECORDS) store.setBase(key, rec);
  await store.flush();
  const compactions = store.stats.compactions;
  // 2,000 records a write: about 200 KB a line against a ~2.7 MB snapshot.
  for (let round = 1; store.stats.compactions === compactions; round++) {
    assert.ok(round < 10, 'the journal never compacted');
    for (let j = 0; j < 2000; j++) store.setBase(KEYS[j], sized(KEYS[j], round));
    await store.flush();
  }
  assert.equal(statSync(join(dir, JOURNAL_FILE)).size, 0, 'the compaction emptied the journal');
  await store.close();
  const again = await StateStore.open(dir, { readOnly: true });
  assert.equal(again.base.size, RECORDS.size);
  assert.equal(again.base.get(KEYS[0])?.left.size, again.base.get(KEYS[1999])?.left.size);
}));

test('compactOnClose (a one-shot pass): the journal grows past its share while open and is folded in once, at close', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir, { compactOnClose: true });
  for (const key of KEYS.slice(0, 100)) store.setBase(key, RECORDS.get(key)!);
  await store.flush();
  const compactions = store.stats.compactions;
  // As a first copy writes: 20 flushes of 1,000 new records each, against a snapshot of 100.
  for (let round = 0; round < 20; round++) {
    for (const key of KEYS.slice(100 + round * 1000, 100 + (round + 1) * 1000)) store.setBase(key, RECORDS.get(key)!);
    await store.flush();
  }
  assert.equal(store.stats.compactions, compactions, 'no compaction while the store is open');
  assert.ok(statSync(join(dir, JOURNAL_FILE)).size > 4 * statSync(join(dir, STATE_FILE)).size, 'the journal outgrew its share');
  // A reader meanwhile (a kill here) sees every record: the snapshot plus the journal.
  assert.equal((await StateStore.open(dir, { readOnly: true })).base.size, 20_000);
  await store.close();
  assert.equal(store.stats.compactions, compactions + 1, 'one compaction, at close');
  assert.equal(statSync(join(dir, JOURNAL_FILE)).size, 0);
  const again = await StateStore.open(dir, { readOnly: true });
  assert.equal(again.base.size, 20_000);
  assert.deepEqual(again.base.get(KEYS[19_999]), RECORDS.get(KEYS[19_999]));
}));

test('a torn last journal line (a kill mid-append, cut at any byte) is ignored: the state is the one before it', () => withTmp(async (dir) => {
  await stateWithJournal(dir, 3);
  const file = join(dir, JOURNAL_FILE);
  const whole = readFileSync(file);
  const lastStart = whole.lastIndexOf(0x0a, whole.length - 2) + 1;
  for (const cut of [lastStart + 1, lastStart + 20, Math.floor((lastStart + whole.length) / 2), whole.length - 2, whole.length - 1]) {
    writeFileSync(file, whole.subarray(0, cut));
    const store = await StateStore.open(dir, { readOnly: true });
    assert.equal(store.recovered, null, `cut at ${cut}: ${store.recovered?.detail}`);
    assert.equal(store.getExtra('line'), 2, `cut at ${cut}`);
    assert.equal(store.base.get(KEYS[30])?.left.size, RECORDS.get(KEYS[30])!.left.size, `cut at ${cut}: line 3's records are not applied`);
    assert.equal(store.base.get(KEYS[20])?.left.size, 2);
  }
}));

test('a damaged journal line with intact lines after it sets the snapshot and journal aside: a first sync', () => withTmp(async (dir) => {
  await stateWithJournal(dir, 3);
  const file = join(dir, JOURNAL_FILE);
  const text = readFileSync(file, 'latin1');
  writeFileSync(file, text.replace('"line":1', '"line":9'), 'latin1');
  const store = await StateStore.open(dir);
  assert.equal(store.recovered?.reason, 'checksum', store.recovered?.detail);
  assert.equal(store.base.size, 0);
  assert.equal(store.hasBase, false);
  await store.close();
  const names = readdirSync(dir);
  assert.ok(names.some((n) => n.startsWith(`${STATE_FILE}.corrupt-`)) && names.some((n) => n.startsWith(`${JOURNAL_FILE}.corrupt-`)), names.join(', '));
}));

test('a journal without its snapshot (state.json removed by hand) is set aside, never replayed alone', () => withTmp(async (dir) => {
  await stateWithJournal(dir, 2);
  unlinkSync(join(dir, STATE_FILE));
  const store = await StateStore.open(dir);
  assert.equal(store.recovered?.reason, 'unreadable');
  assert.match(store.recovered?.detail ?? '', /missing but its journal/);
  assert.equal(store.base.size, 0);
  await store.close();
  assert.ok(!existsSync(join(dir, JOURNAL_FILE)), 'the journal is set aside');
  assert.ok(readdirSync(dir).some((n) => n.startsWith(`${JOURNAL_FILE}.corrupt-`)));
}));

test('a journal that does not follow its snapshot (an older snapshot put back) is set aside', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir);
  for (const [key, rec] of RECORDS) store.setBase(key, rec);
  await store.flush();
  const write = async (line: number) => {
    store.setExtra('line', line);
    await store.flush();
  };
  for (let line = 1; line <= 3; line++) await write(line);
  const older = readFileSync(join(dir, STATE_FILE));
  await store.compact();
  for (let line = 4; line <= 5; line++) await write(line);
  await store.close();
  writeFileSync(join(dir, STATE_FILE), older);
  const again = await StateStore.open(dir, { readOnly: true });
  assert.equal(again.recovered?.reason, 'invalid', again.recovered?.detail);
  assert.match(again.recovered?.detail ?? '', /does not follow/);
}));

test('a format 1 state loads with its whole base, and the first write rewrites it as the current format', () => withTmp(async (dir) => {
  const rows = [...RECORDS].slice(0, 500).map(([key, rec]) => encodeRow(key, rec));
  const payload = JSON.stringify({ baseComplete: true, base: rows, conflicts: [], runs: [{ runId: 'old', start: '', end: '', counts: {}, exitCode: 0 }], extra: {} });
  const checksum = hash('sha256', Buffer.from(payload, 'utf8'), 'hex');
  writeFileSync(join(dir, STATE_FILE), `{"formatVersion":1,"checksum":"sha256:${checksum}","payload":${payload}}\n`);
  const store = await StateStore.open(dir);
  assert.equal(store.recovered, null, store.recovered?.detail);
  assert.equal(store.hasBase, true);
  assert.equal(store.base.size, 500);
  for (const [key, rec] of [...RECORDS].slice(0, 500)) assert.deepEqual(store.base.get(key), rec, key);
  store.setExtra('touched', true);
  await store.close();
  assert.equal(store.stats.compactions, 1, 'the first write is a snapshot of the current format, not a journal line');
  assert.match(readFileSync(join(dir, STATE_FILE), 'latin1').slice(0, 40), new RegExp(`"formatVersion":${FORMAT_VERSION},`));
  const again = await StateStore.open(dir, { readOnly: true });
  assert.equal(again.base.size, 500);
  assert.deepEqual(again.runs.map((r) => r.runId), ['old']);
  assert.equal(again.getExtra('touched'), true);
}));

test('a format 1 state that nothing changes is rewritten as the current format on close', () => withTmp(async (dir) => {
  const rows = [...RECORDS].slice(0, 50).map(([key, rec]) => encodeRow(key, rec));
  const payload = JSON.stringify({ baseComplete: true, base: rows, conflicts: [], runs: [], extra: {} });
  const checksum = hash('sha256', Buffer.from(payload, 'utf8'), 'hex');
  writeFileSync(join(dir, STATE_FILE), `{"formatVersion":1,"checksum":"sha256:${checksum}","payload":${payload}}\n`);
  const store = await StateStore.open(dir);
  await store.close();
  assert.equal(store.stats.compactions, 1, 'an unchanged format 1 snapshot is upgraded once, so later loads read the compact form');
  assert.match(readFileSync(join(dir, STATE_FILE), 'latin1').slice(0, 40), new RegExp(`"formatVersion":${FORMAT_VERSION},`));
  const again = await StateStore.open(dir);
  assert.equal(again.base.size, 50);
  for (const [key, rec] of [...RECORDS].slice(0, 50)) assert.deepEqual(again.base.get(key), rec, key);
  await again.close();
  assert.equal(again.stats.writes, 0, 'a current snapshot that nothing changes is not written again');
}));

test('a journal left idle is folded into the snapshot after compactIdleMs', () => withTmp(async (dir) => {
  await stateWithJournal(dir, 0);
  const store = await StateStore.open(dir, { compactIdleMs: 50 });
  store.setBase(KEYS[0], sized(KEYS[0], 1));
  await store.flush();
  assert.ok(statSync(join(dir, JOURNAL_FILE)).size > 0);
  const compactions = store.stats.compactions;
  for (let waited = 0; store.stats.compactions === compactions; waited += 20) {
    assert.ok(waited < 10_000, 'no idle compaction');
    await sleep(20);
  }
  assert.equal(statSync(join(dir, JOURNAL_FILE)).size, 0);
  await store.close();
  const again = await StateStore.open(dir, { readOnly: true });
  assert.equal(again.base.get(KEYS[0])?.left.size, 1);
}));

test('a read-only open replays the journal and touches nothing, not even a torn tail', () => withTmp(async (dir) => {
  await stateWithJournal(dir, 2);
  const file = join(dir, JOURNAL_FILE);
  writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('{"crc":"0000')]));
  const before = readFileSync(file);
  const store = await StateStore.open(dir, { readOnly: true });
  assert.equal(store.recovered, null);
  assert.equal(store.getExtra('line'), 2);
  await store.close();
  assert.deepEqual(readFileSync(file), before);
}));
