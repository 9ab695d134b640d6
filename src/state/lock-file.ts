import type { Stats } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import type { LockHolder } from './errors.js';

// The lock file's primitives: an exclusive create, and a read that says which lock it saw.

/** What one read of the lock file saw: `mark` names that very lock (its token, or its inode for an unreadable one). */
export interface Seen { holder: LockHolder | null; mark: string; ageMs: number }

/**
 * createExclusive creates a file only if there is none: the 'wx' create itself is the atomic test-and-set.
 * On Windows a name whose delete is still pending (another process has it open) refuses with EPERM: taken, for now.
 */
export async function createExclusive(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || (code === 'EPERM' && process.platform === 'win32')) return false;
    throw err;
  }
}

/** readLock reads the lock and what it is; 'gone' when the file vanished meanwhile (or, on Windows, is being deleted). */
export async function readLock(file: string): Promise<Seen | 'gone'> {
  let text: string;
  let st: Stats;
  try {
    const fh = await open(file, 'r');
    try {
      [st, text] = await Promise.all([fh.stat(), fh.readFile('utf8')]);
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || (code === 'EPERM' && process.platform === 'win32')) return 'gone';
    throw err;
  }
  const holder = parseHolder(text);
  return { holder, mark: holder ? holder.token : statMark(st), ageMs: Date.now() - st.mtimeMs };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.token === 'string' ? (h as LockHolder) : null;
  } catch {
    return null;
  }
}

/** statMark names one file version by inode, size and mtime (for a lock or claim without a readable token). */
export function statMark(st: Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

/** ignoreMissing swallows ENOENT: the file is already gone, which is what we wanted. */
export function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
