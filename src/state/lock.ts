import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateError, type LockHolder } from './errors.js';
import { createExclusive, ignoreMissing, readLock, type Seen } from './lock-file.js';
import { takeOver } from './lock-takeover.js';
import { ownStartId, processState } from './process-identity.js';

/** StateLock is this process's hold on a state folder: one writer per state file. */
export interface StateLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Throws StateError('lockLost') unless the lock file still names us. */
  verify(): Promise<void>;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** LockOptions: how long to wait for a live holder to go away (a pass ending, a process being stopped). */
export interface LockOptions {
  /** Give up after this long (default LOCK_WAIT_MS). */
  waitMs?: number;
  /** Look again this often (default 100). */
  pollMs?: number;
}

/** LOCK_WAIT_MS is how long a start waits for a holder that is still alive (say, stopping) before refusing. */
export const LOCK_WAIT_MS = 5_000;
// An unreadable lock younger than this is another process between create and write.
const FRESH_MS = 5_000;
// Steps that made progress (the lock vanished, a stale one was removed) retry at once, this many times.
const QUICK_RETRIES = 20;

/**
 * acquireLock takes the lock file, taking over a stale one (holder dead, a zombie, or its pid reused), and
 * waits up to `waitMs` for a live holder to let go before it throws StateError('locked').
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<StateLock> {
  const startId = ownStartId();
  const holder: LockHolder = {
    pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomUUID(),
    ...(startId ? { startId } : {}),
  };
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  // Held before the file exists: a signal between its write and our return must still remove it on exit
  // (the exit hook removes only a file that names our token).
  hold(holder.token, file);
  try {
    for (let attempt = 1; ; attempt++) {
      if (await createExclusive(file, JSON.stringify(holder))) return makeLock(file, holder);
      const seen = await readLock(file);
      const progressed = seen === 'gone' || (isStale(seen) && (await takeOver(file, seen, holder.token)));
      if (progressed && attempt < QUICK_RETRIES) continue;
      if (Date.now() >= deadline) throw lockedError(file, seen === 'gone' ? null : seen.holder);
      await sleep(options.pollMs ?? 100);
    }
  } catch (err) {
    unhold(holder.token);
    throw err;
  }
}

/** isStale judges a lock we saw: its holder is dead, or it is unreadable and too old to be mid-write. */
function isStale(seen: Seen): boolean {
  if (!seen.holder) return seen.ageMs >= FRESH_MS;
  return holderIsDead(seen.holder);
}

/** holderIsDead tells whether the process a lock names is gone: exited, a zombie, or its pid now someone else's. */
function holderIsDead(holder: LockHolder): boolean {
  // We cannot probe a pid on another machine (state folder on a share): assume it lives and say so.
  if (holder.host !== hostname()) return false;
  // A lock from before the last boot is stale whatever its pid: after a power cut, Windows often hands the
  // old pid to some other process, and (without a start identity there) a pid check alone would block for ever.
  const bootMs = Date.now() - uptime() * 1000;
  if (Date.parse(holder.startedAt) < bootMs - 60_000) return true;
  const now = processState(holder.pid);
  if (!now.alive) return true;
  return Boolean(holder.startId && now.startId && holder.startId !== now.startId);
}

function lockedError(file: string, other: LockHolder | null): StateError {
  const who = other ? `pid ${other.pid} on ${other.host} since ${other.startedAt}` : 'a process that is starting';
  return new StateError('locked', `the state in ${file} is in use by another syncwarden (${who})`, other ?? undefined);
}

// Locks this process holds (token → file), released on exit: a stop by signal or by a lost parent
// (src/cli/stop.ts) ends with process.exit, and the next start should not have to judge a stale lock.
const held = new Map<string, string>();

function releaseHeldSync(): void {
  for (const [token, file] of held) {
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as LockHolder).token === token) unlinkSync(file);
    } catch {
      // Gone, unreadable or not ours: nothing of ours to remove.
    }
  }
}

function hold(token: string, file: string): void {
  if (held.size === 0) process.once('exit', releaseHeldSync);
  held.set(token, file);
}

function unhold(token: string): void {
  held.delete(token);
  if (held.size === 0) process.removeListener('exit', releaseHeldSync);
}

function makeLock(file: string, holder: LockHolder): StateLock {
  const isOurs = async (): Promise<boolean> => {
    const now = await readLock(file);
    return now !== 'gone' && now.holder?.token === holder.token;
  };
  return {
    file,
    holder,
    async verify() {
      if (!(await isOurs())) throw new StateError('lockLost', `the lock ${file} was taken by another process; not writing`);
    },
    async release() {
      unhold(holder.token);
      if (await isOurs()) await unlink(file).catch(ignoreMissing);
    },
  };
}

