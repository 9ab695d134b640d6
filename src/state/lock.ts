import { randomUUID } from 'node:crypto';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import { StateError, type LockHolder } from './errors.js';

/** StateLock is this process's hold on a state folder: one writer per state file. */
export interface StateLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Throws StateError('lockLost') unless the lock file still names us. */
  verify(): Promise<void>;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

// An empty or half-written lock younger than this is another process between create and write.
const FRESH_MS = 5_000;

/** acquireLock takes the lock file, taking over a stale one (dead holder), or throws StateError('locked'). */
export async function acquireLock(file: string): Promise<StateLock> {
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      // 'wx' fails if the file exists: the create itself is the atomic test-and-set.
      await writeFile(file, JSON.stringify(holder), { flag: 'wx' });
      return makeLock(file, holder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const other = await readHolder(file);
    if (other === 'gone') continue;
    if (await isLive(file, other)) {
      const who = other ? `pid ${other.pid} on ${other.host} since ${other.startedAt}` : 'a process that is starting';
      throw new StateError('locked', `the state in ${file} is in use by another syncwarden (${who})`, other ?? undefined);
    }
    // Stale. Two processes taking over at once could both unlink and create; verify() before every write
    // makes the loser stop at its first flush instead of interleaving writes.
    await unlink(file).catch(ignoreMissing);
  }
  throw new StateError('locked', `could not take the lock ${file}: it keeps changing`);
}

/** isProcessAlive tells whether a pid exists on this machine (EPERM means it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function makeLock(file: string, holder: LockHolder): StateLock {
  const isOurs = async (): Promise<boolean> => {
    const now = await readHolder(file);
    return now !== 'gone' && now?.token === holder.token;
  };
  return {
    file,
    holder,
    async verify() {
      if (!(await isOurs())) throw new StateError('lockLost', `the lock ${file} was taken by another process; not writing`);
    },
    async release() {
      if (await isOurs()) await unlink(file).catch(ignoreMissing);
    },
  };
}

/** Parsed lock content; null when unreadable or half-written; 'gone' when the file vanished meanwhile. */
async function readHolder(file: string): Promise<LockHolder | null | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.token === 'string' ? (h as LockHolder) : null;
  } catch {
    return null;
  }
}

async function isLive(file: string, holder: LockHolder | null): Promise<boolean> {
  if (!holder) {
    const st = await stat(file).catch(() => null);
    return st !== null && Date.now() - st.mtimeMs < FRESH_MS;
  }
  // We cannot probe a pid on another machine (state folder on a share): assume it lives and say so.
  if (holder.host !== hostname()) return true;
  // A lock from before the last boot is stale whatever its pid: after a power cut, Windows often hands the
  // old pid to some other process, and a pid check alone would block the service forever.
  const bootMs = Date.now() - uptime() * 1000;
  if (Date.parse(holder.startedAt) < bootMs - 60_000) return false;
  return isProcessAlive(holder.pid);
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
