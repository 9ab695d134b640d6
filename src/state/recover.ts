import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Low } from 'lowdb';
import type { Logger } from '../ports/log.js';
import { applyEntry } from './changes.js';
import { StateCorrupt, StateError } from './errors.js';
import { readJournal, type JournalRead } from './journal.js';
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

/** StateFiles are the snapshot (lowdb's state.json) and the journal of changes written after it. */
export interface StateFiles { snapshot: string; journal: string }

/** Loaded is what a load found: a recovery (the state was set aside), and the journal as read (its good length). */
export interface Loaded { recovered: Recovery | null; journal: JournalRead }

/**
 * loadOrRecover reads the snapshot into `db` and replays the journal entries after it. A damaged snapshot or
 * journal, a journal that does not follow its snapshot, or a journal without its snapshot is set aside (unless
 * read-only) with the snapshot, and the state starts empty: a first sync, a union that deletes nothing.
 */
export async function loadOrRecover(db: Low<StateData>, files: StateFiles, opts: { readOnly: boolean; maxRuns: number }, log: Logger): Promise<Loaded> {
  let journal: JournalRead = { entries: [], goodBytes: 0, size: 0 };
  try {
    const snapshot = await db.adapter.read();
    if (snapshot) db.data = snapshot;
    journal = await readJournal(files.journal);
    if (!snapshot && journal.size > 0) throw new StateCorrupt('unreadable', `${basename(files.snapshot)} is missing but its journal is there`);
    for (const entry of journal.entries) {
      if (entry.seq <= db.data.seq) continue;
      if (entry.seq !== db.data.seq + 1) throw new StateCorrupt('invalid', `the journal does not follow the snapshot (entry ${entry.seq} after ${db.data.seq})`);
      applyEntry(db.data, entry, opts.maxRuns);
    }
    return { recovered: null, journal };
  } catch (err) {
    if (!(err instanceof StateCorrupt)) throw err;
    // Known here: the files exist but cannot be trusted. Keep them for the admin, start as a first sync (a union).
    const setAsideAs = opts.readOnly ? null : await setAsideAll(files);
    db.data = emptyState();
    log.warn('state file unusable: set aside, starting as a first sync', { reason: err.reason, detail: err.message, setAsideAs });
    return { recovered: { reason: err.reason, detail: err.message, setAsideAs }, journal: { entries: [], goodBytes: 0, size: 0 } };
  }
}

// The snapshot's new name is what the admin is told; the journal goes aside with it (it means nothing alone).
async function setAsideAll(files: StateFiles): Promise<string | null> {
  const now = new Date();
  const snapshot = (await exists(files.snapshot)) ? await setAside(files.snapshot, now) : null;
  const journal = (await exists(files.journal)) ? await setAside(files.journal, now) : null;
  return snapshot ?? journal;
}

/** removeStenoTemp deletes the `.<name>.tmp` that steno leaves when a crash falls between its write and rename. */
export async function removeStenoTemp(file: string): Promise<void> {
  await unlink(join(dirname(file), `.${basename(file)}.tmp`)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
