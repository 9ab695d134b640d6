import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConflictRecord } from '../../../src/model/conflict.js';
import { silentLogger } from '../../../src/ports/log.js';
import { StateStore, STATE_FILE, LOCK_FILE } from '../../../src/state/store.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { realisticBase } from './fixtures.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-state-');
  try { await fn(dir); } finally { removeTmp(dir); }
}

const F1 = { type: 'file' as const, left: { rel: 'A/Report.docx', size: 10, mtimeMs: 1000, mode: 0o644, ino: 7 },
  right: { rel: 'A/Report.docx', size: 10, mtimeMs: 1000, mode: 0o644, ino: 9 } };

const C1: ConflictRecord = {
  key: 'a/report.docx', rule: 'bothChanged', option: 'option3', newer: 'left',
  left: { rel: 'A/Report.docx', size: 10, mtimeMs: 2000 }, right: { rel: 'A/Report.docx', size: 12, mtimeMs: 1500 },
  actions: ['left untouched'], status: 'open', firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-01T00:00:00.000Z',
};

test('a first open has no base and no file until something is written', () => withTmp(async (dir) => {
  const stateDir = join(dir, 'nested', 'state');
  const store = await StateStore.open(stateDir);
  assert.equal(store.hasBase, false);
  assert.equal(store.recovered, null);
  assert.equal(store.base.size, 0);
  assert.ok(existsSync(join(stateDir, LOCK_FILE)));
  await store.close();
  assert.ok(!existsSync(join(stateDir, STATE_FILE)), 'nothing changed, nothing written');
  assert.ok(!existsSync(join(stateDir, LOCK_FILE)), 'close releases the lock');
}));

test('round trip: base, conflicts, runs, extras and hasBase survive a reopen', () => withTmp(async (dir) => {
  const a = await StateStore.open(dir);
  a.setBase('a/report.docx', { ...F1, left: { ...F1.left, hash: 'ab12' } });
  a.setBase('b', { type: 'dir', left: { rel: 'B', size: 0, mtimeMs: 5, mode: 0o755, ino: 1 }, right: { rel: 'b', size: 0, mtimeMs: 6.5, mode: 0o700, ino: 2 } });
  a.setBase('gone', F1);
  a.setBase('gone', null);
  a.putConflict(C1);
  a.recordRun({ runId: 'r1', start: 's', end: 'e', counts: { copies: 3 }, exitCode: 0 });
  a.setExtra('outbox', [{ to: 'admin@example.org', subject: 'x' }]);
  a.markBaseComplete();
  await a.close();

  const b = await StateStore.open(dir);
  assert.equal(b.hasBase, true);
  assert.deepEqual([...b.base.keys()].sort(), ['a/report.docx', 'b']);
  assert.deepEqual(b.base.get('a/report.docx'), { ...F1, left: { ...F1.left, hash: 'ab12' } });
  assert.equal(b.base.get('b')?.right.mtimeMs, 6.5, 'a fractional mtime round-trips exactly');
  assert.equal(b.base.get('b')?.right.rel, 'b');
  assert.deepEqual(b.conflicts.get(C1.key), C1);
  assert.deepEqual(b.openConflicts(), [C1]);
  assert.deepEqual(b.runs, [{ runId: 'r1', start: 's', end: 'e', counts: { copies: 3 }, exitCode: 0 }]);
  assert.deepEqual(b.getExtra<{ to: string }[]>('outbox')?.[0].to, 'admin@example.org');
  b.setExtra('outbox', undefined);
  b.deleteConflict(C1.key);
  await b.close();
  const c = await StateStore.open(dir);
  assert.equal(c.getExtra('outbox'), undefined);
  assert.equal(c.conflicts.size, 0);
  await c.close();
}));

test('setBase copies only the persisted fields, so later mutation of the input does not leak in', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir);
  const entry = { ...F1.left, type: 'file' };
  store.setBase('k', { type: 'file', left: entry, right: F1.right });
  entry.size = 999;
  assert.equal(store.base.get('k')?.left.size, 10);
  assert.equal('type' in (store.base.get('k')?.left ?? {}), false);
  assert.throws(() => store.setBase('bad', { ...F1, left: { ...F1.left, mtimeMs: Number.NaN } }), TypeError);
  await store.close();
}));

test('runs keep only the last maxRuns', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir, { maxRuns: 3 });
  for (let i = 0; i < 5; i++) store.recordRun({ runId: `r${i}`, start: '', end: '', counts: {}, exitCode: 0 });
  assert.deepEqual(store.runs.map((r) => r.runId), ['r2', 'r3', 'r4']);
  await store.close();
}));

test('90k realistic records round-trip', () => withTmp(async (dir) => {
  const records = realisticBase(90_000);
  const a = await StateStore.open(dir);
  for (const [key, rec] of records) a.setBase(key, rec);
  await a.close();
  const b = await StateStore.open(dir);
  assert.equal(b.base.size, 90_000);
  let i = 0;
  for (const [key, rec] of records) if (i++ % 97 === 0) assert.deepEqual(b.base.get(key), rec, key);
  await b.close();
}));

test('many changes in a burst become a few debounced writes', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir, { flushIntervalMs: 100 });
  const started = Date.now();
  for (let round = 0; round < 40; round++) {
    for (let j = 0; j < 50; j++) store.setBase(`k${round}-${j}`, F1);
    await sleep(10);
  }
  const elapsed = Date.now() - started;
  await sleep(150);
  const writes = store.stats.writes;
  assert.ok(writes >= 1, 'the debounce did write');
  assert.ok(writes <= Math.ceil(elapsed / 100) + 1, `${writes} writes for 2000 changes over ${elapsed} ms`);
  assert.equal(store.isDirty, false);
  await store.close();
  assert.equal(store.stats.writes, writes, 'close has nothing left to write');
  const again = await StateStore.open(dir);
  assert.equal(again.base.size, 2000);
  await again.close();
}));

test('flush writes only when dirty', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir);
  await store.flush();
  assert.equal(store.stats.writes, 0);
  store.setBase('k', F1);
  await store.flush();
  await store.flush();
  assert.equal(store.stats.writes, 1);
  const mtime = statSync(join(dir, STATE_FILE)).mtimeMs;
  await store.close();
  assert.equal(statSync(join(dir, STATE_FILE)).mtimeMs, mtime);
}));

test('a closed store refuses changes', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir);
  await store.close();
  assert.throws(() => store.setBase('k', F1), { name: 'StateError', code: 'closed' });
}));

test('read-only: no lock, no write, changes stay in memory', () => withTmp(async (dir) => {
  const writer = await StateStore.open(dir);
  writer.setBase('k', F1);
  await writer.flush();
  const reader = await StateStore.open(dir, { readOnly: true });
  assert.equal(reader.base.size, 1);
  reader.setBase('other', F1);
  await reader.close();
  await writer.close();
  const after = await StateStore.open(dir);
  assert.deepEqual([...after.base.keys()], ['k']);
  await after.close();
  assert.deepEqual(readdirSync(dir).sort(), ['.syncwarden-test-root', STATE_FILE]);
}));

test('a failed scheduled write is logged and retried', () => withTmp(async (dir) => {
  const errors: string[] = [];
  const log = { ...silentLogger(), error: (msg: string) => { errors.push(msg); } };
  const store = await StateStore.open(dir, { flushIntervalMs: 30, log });
  // A non-empty folder where the file should be: the rename over it fails until it is gone.
  mkdirSync(join(dir, STATE_FILE, 'blocker'), { recursive: true });
  store.setBase('k', F1);
  while (errors.length === 0) await sleep(10);
  assert.match(errors[0], /will retry/);
  rmSync(join(dir, STATE_FILE), { recursive: true });
  while (store.isDirty) await sleep(10);
  await store.close();
  const again = await StateStore.open(dir);
  assert.equal(again.base.size, 1);
  await again.close();
}));
