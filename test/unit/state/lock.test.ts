import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { StateError, type LockHolder } from '../../../src/state/errors.js';
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

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'lock-child.js');
const HAS_PROC = existsSync('/proc/self/stat');

/** procState is the state letter of a pid in /proc/PID/stat ('R', 'S', 'Z' …), or null once it is gone. */
function procState(pid: number): string | null {
  try {
    const line = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return line.slice(line.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return null;
  }
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(child.stdout.toString());
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  return pid;
}

/** Child is a lock-child.ts process and its stdout, one line at a time. */
interface Child { proc: ChildProcessWithoutNullStreams; next(): Promise<string> }

function startChild(mode: string, file: string): Child {
  const proc = spawn(process.execPath, [CHILD, mode, file]);
  proc.stderr.pipe(process.stderr);
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return { proc, next: async () => String((await lines.next()).value) };
}

async function withChild(mode: string, file: string, fn: (child: Child) => Promise<void>): Promise<void> {
  const child = startChild(mode, file);
  try { await fn(child); } finally { child.proc.kill('SIGKILL'); }
}

function lockToken(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder).token;
}

test('a second writer on the same state is refused with code locked', () => withTmp(async (dir) => {
  const first = await StateStore.open(dir);
  await assert.rejects(StateStore.open(dir, { lockWaitMs: 0 }), (err: unknown) => {
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
  await assert.rejects(StateStore.open(dir, { lockWaitMs: 0 }), { code: 'locked' });
}));

test('an unreadable lock is live while fresh (being written) and stale once old', () => withTmp(async (dir) => {
  writeFileSync(join(dir, LOCK_FILE), '');
  await assert.rejects(StateStore.open(dir, { lockWaitMs: 0 }), { code: 'locked' });
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

test('a live holder in another process is waited for, then refused', () => withTmp(async (dir) => {
  await withChild('hold', join(dir, LOCK_FILE), async (holder) => {
    await holder.next();
    const t0 = Date.now();
    await assert.rejects(StateStore.open(dir, { lockWaitMs: 800 }), (err: unknown) => {
      assert.ok(err instanceof StateError && err.code === 'locked');
      assert.equal(err.holder?.pid, holder.proc.pid);
      return true;
    });
    assert.ok(Date.now() - t0 >= 800, `refused after ${Date.now() - t0} ms, without waiting`);
  });
}));

test('a start waits for a holder that lets go within a few seconds (a pass ending, a process stopping)', () => withTmp(async (dir) => {
  await withChild('hold', join(dir, LOCK_FILE), async (holder) => {
    await holder.next();
    setTimeout(() => holder.proc.stdin.end(), 500);
    const store = await StateStore.open(dir);
    await store.close();
  });
}));

test('a holder that died but is not reaped yet (a zombie) is dead: its lock is taken over at once', { skip: !HAS_PROC && 'needs /proc' }, () => withTmp(async (dir) => {
  await withChild('zombie', join(dir, LOCK_FILE), async (parent) => {
    const pid = Number((await parent.next()).split(' ')[1]);
    for (let i = 0; procState(pid) !== 'Z'; i++) {
      assert.ok(i < 500, `pid ${pid} did not become a zombie (state ${procState(pid)})`);
      await sleep(10);
    }
    assert.equal((JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder).pid, pid);
    const t0 = Date.now();
    const store = await StateStore.open(dir);
    assert.ok(Date.now() - t0 < 2_000, `took ${Date.now() - t0} ms: waited for a zombie`);
    await store.close();
  });
}));

test('a lock naming a live pid that started at another time (the pid was reused) is taken over', { skip: !HAS_PROC && 'needs /proc' }, () => withTmp(async (dir) => {
  const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  // Our own pid is alive, but not since clock tick 1 of this boot: some earlier process held it.
  writeLock(dir, { pid: process.pid, startId: `linux:${bootId}:1` } as Partial<LockHolder>);
  const store = await StateStore.open(dir, { lockWaitMs: 0 });
  assert.notEqual(lockToken(dir), 'other');
  await store.close();
}));

test('racers taking over one stale lock: one wins, and none removes the fresh lock another has just taken', async () => {
  const dir = makeTmp('sw-lock-race-');
  const racers = Array.from({ length: 4 }, () => startChild('race', join(dir, LOCK_FILE)));
  try {
    await Promise.all(racers.map((r) => r.next()));
    for (let round = 0; round < 12; round++) {
      writeLock(dir, { pid: deadPid(), token: `stale-${round}` });
      for (const r of racers) r.proc.stdin.write('go\n');
      const answers = await Promise.all(racers.map((r) => r.next()));
      assert.deepEqual([...answers].sort(), ['got', 'refused', 'refused', 'refused'], `round ${round}: two processes think they hold the lock`);
      // Every racer has finished its takeover attempt; the winner's lock must have survived them all.
      const winner = racers[answers.indexOf('got')];
      winner.proc.stdin.write('check\n');
      assert.equal(await winner.next(), 'held', `round ${round}`);
    }
  } finally {
    for (const r of racers) r.proc.kill('SIGKILL');
    removeTmp(dir);
  }
});

test('a takeover claim is respected while fresh and cleared once abandoned (its maker died mid-takeover)', () => withTmp(async (dir) => {
  const claim = join(dir, `${LOCK_FILE}.takeover`);
  writeLock(dir, { pid: deadPid() });
  writeFileSync(claim, 'someone-else');
  await assert.rejects(StateStore.open(dir, { lockWaitMs: 0 }), { code: 'locked' });
  assert.equal(lockToken(dir), 'other', 'the stale lock is left to the process that claimed it');
  const old = new Date(Date.now() - 60_000);
  utimesSync(claim, old, old);
  const store = await StateStore.open(dir, { lockWaitMs: 0 });
  assert.ok(!existsSync(claim));
  await store.close();
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith(LOCK_FILE)), [], 'no claim or set-aside file is left');
}));
