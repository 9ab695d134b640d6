import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Low } from 'lowdb';
import type { Logger } from '../ports/log.js';
import { StateCorrupt, StateError } from './errors.js';
import { emptyState, type Recovery, type StateData } from './types.js';

/** localStamp formats a time as `YYYYMMDD-HHMMSS` in local time, the form an admin reads in Explorer. */
export function localStamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-`
    + `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/**
 * setAside renames a damaged file to `<file>.corrupt-<YYYYMMDD-HHMMSS>` (then `-2`, `-3` … if taken) and
 * returns the new path. It never deletes: if the rename keeps failing it throws, because carrying on
 * would let the next write replace the only copy.
 */
export async function setAside(file: string, now: Date = new Date()): Promise<string> {
  const stem = `${file}.corrupt-${localStamp(now)}`;
  let target = stem;
  for (let n = 2; await exists(target); n++) target = `${stem}-${n}`;
  // Windows: an antivirus or indexer holding the file open gives a transient EPERM/EBUSY.
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(file, target);
      return target;
    } catch (err) {
      if (attempt >= 10) {
        throw new StateError('setAside', `could not set aside the damaged ${file}: ${(err as Error).message}`);
      }
      await sleep(100);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** loadOrRecover reads the state into `db`; a damaged file is set aside (unless read-only) and the state starts empty. */
export async function loadOrRecover(db: Low<StateData>, file: string, readOnly: boolean, log: Logger): Promise<Recovery | null> {
  try {
    await db.read();
    return null;
  } catch (err) {
    if (!(err instanceof StateCorrupt)) throw err;
    // Known here: the file exists but cannot be trusted. Keep it for the admin, start as a first sync (a union).
    const setAsideAs = readOnly ? null : await setAside(file);
    db.data = emptyState();
    log.warn('state file unusable: set aside, starting as a first sync', { reason: err.reason, detail: err.message, setAsideAs });
    return { reason: err.reason, detail: err.message, setAsideAs };
  }
}

/** removeStenoTemp deletes the `.<name>.tmp` that steno leaves when a crash falls between its write and rename. */
export async function removeStenoTemp(file: string): Promise<void> {
  await unlink(join(dirname(file), `.${basename(file)}.tmp`)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
