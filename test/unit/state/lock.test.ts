import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { StateError, type LockHolder } from '../../../src/state/errors.js';
import { isProcessAlive } from '../../../src/state/lock.js';
import { StateStore, LOCK_FILE, STATE_FILE } from '../../../src/state/store.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-lock-');
  try { await fn(dir); } finally { removeTmp(dir); }
}

const F1 = { type: 'file' as const, left: { rel: 'a', size: 1, mtimeMs: 1000, mode: 0o644, ino: 1 },
  right: { rel: 'a', size: 1, mtimeMs: 1000, mode: 0o644, ino: 2 } };

function writeLock(dir: string, over: Partial<LockHolder>): void {
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: 'other', ...over };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder));
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(child.stdout.toString());
  assert.equal(isProcessAlive(pid), false);
  return pid;
}

function lockToken(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder).token;
}

test('a second writer on the same state is refused with code locked', () => withTmp(async (dir) => {
  const first = await StateStore.open(dir);
  await assert.rejects(StateStore.open(dir), (err: unknown) => {
    assert.ok(err instanceof StateError);
    assert.equal(err.code, 'locked');
    assert.equal(err.holder?.pid, process.pid);
    assert.match(err.message, /in use by another syncwarden \(pid \d+/);
    return true;
  });
  await first.close();
  const second = await StateStore.open(dir);
  await second.close();
}));

test('a stale lock of a dead process is taken over', () => withTmp(async (dir) => {
  writeLock(dir, { pid: deadPid() });
  const store = await StateStore.open(dir);
  assert.notEqual(lockToken(dir), 'other');
  await store.close();
  assert.ok(!existsSync(join(dir, LOCK_FILE)));
}));

test('a lock from before the last boot is stale even if its pid now belongs to a live process', () => withTmp(async (dir) => {
  const beforeBoot = new Date(Date.now() - uptime() * 1000 - 3_600_000).toISOString();
  writeLock(dir, { startedAt: beforeBoot });
  const store = await StateStore.open(dir);
  await store.close();
}));

test('a lock held on another host counts as live', () => withTmp(async (dir) => {
  writeLock(dir, { host: 'some-other-server', pid: deadPid() });
  await assert.rejects(StateStore.open(dir), { code: 'locked' });
}));

test('an unreadable lock is live while fresh (being written) and stale once old', () => withTmp(async (dir) => {
  writeFileSync(join(dir, LOCK_FILE), '');
  await assert.rejects(StateStore.open(dir), { code: 'locked' });
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(dir, LOCK_FILE), old, old);
  const store = await StateStore.open(dir);
  await store.close();
}));

test('a writer whose lock was taken stops writing (lockLost) instead of interleaving', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir);
  writeLock(dir, { token: 'thief' });
  store.setBase('a', F1);
  await assert.rejects(store.flush(), { code: 'lockLost' });
  assert.ok(!existsSync(join(dir, STATE_FILE)));
  await assert.rejects(store.close(), { code: 'lockLost' });
  assert.equal(lockToken(dir), 'thief', 'close does not remove a lock that is not ours');
}));

test('lock: false takes no lock', () => withTmp(async (dir) => {
  const store = await StateStore.open(dir, { lock: false });
  assert.ok(!existsSync(join(dir, LOCK_FILE)));
  store.setBase('a', F1);
  await store.close();
  assert.ok(existsSync(join(dir, STATE_FILE)));
}));
