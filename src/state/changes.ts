import type { Key } from '../model/key.js';
import { StateCorrupt } from './errors.js';
import type { JournalEntry } from './journal.js';
import { decodeRow, encodeRow } from './rows.js';
import type { StateData } from './types.js';

/**
 * Pending names what changed since the last write: base keys, conflict keys, extra sections, how many runs were
 * recorded, whether the base became complete. Values are read from the state when the entry is written, so a
 * key changed twice is written once, as it is now.
 */
export class Pending {
  readonly base = new Set<Key>();
  readonly conflicts = new Set<Key>();
  readonly extra = new Set<string>();
  runs = 0;
  baseComplete = false;

  /** merge folds in a batch whose write failed, so it is written with the next one. */
  merge(other: Pending): void {
    for (const key of other.base) this.base.add(key);
    for (const key of other.conflicts) this.conflicts.add(key);
    for (const name of other.extra) this.extra.add(name);
    this.runs += other.runs;
    this.baseComplete ||= other.baseComplete;
  }

  /** entry builds the journal entry of these changes from the state as it is now. */
  entry(data: StateData, seq: number): JournalEntry {
    const entry: JournalEntry = { seq };
    for (const key of this.base) {
      const rec = data.base.get(key);
      if (rec) (entry.base ??= []).push(encodeRow(key, rec));
      else (entry.forget ??= []).push(key);
    }
    for (const key of this.conflicts) {
      const rec = data.conflicts.get(key);
      if (rec) (entry.conflicts ??= []).push(rec);
      else (entry.conflictsGone ??= []).push(key);
    }
    for (const name of this.extra) {
      if (name in data.extra) (entry.extra ??= {})[name] = data.extra[name];
      else (entry.extraGone ??= []).push(name);
    }
    if (this.runs > 0) entry.runs = data.runs.slice(-this.runs);
    if (this.baseComplete && data.baseComplete) entry.baseComplete = true;
    return entry;
  }
}

/** applyEntry replays one journal entry onto the state (keeping the last `maxRuns` runs); throws StateCorrupt when malformed. */
export function applyEntry(data: StateData, entry: JournalEntry, maxRuns: number): void {
  try {
    for (const row of entry.base ?? []) {
      const [key, rec] = decodeRow(row);
      data.base.set(key, rec);
    }
    for (const key of entry.forget ?? []) data.base.delete(key);
    for (const rec of entry.conflicts ?? []) {
      if (typeof rec?.key !== 'string') throw new StateCorrupt('invalid', 'a journal conflict record has no key');
      data.conflicts.set(rec.key, rec);
    }
    for (const key of entry.conflictsGone ?? []) data.conflicts.delete(key);
    for (const [name, value] of Object.entries(entry.extra ?? {})) data.extra[name] = value;
    for (const name of entry.extraGone ?? []) delete data.extra[name];
    if (entry.runs) {
      data.runs.push(...entry.runs);
      if (data.runs.length > maxRuns) data.runs.splice(0, data.runs.length - maxRuns);
    }
    if (entry.baseComplete) data.baseComplete = true;
  } catch (err) {
    if (err instanceof StateCorrupt) throw err;
    throw new StateCorrupt('invalid', `journal entry ${entry.seq} is malformed: ${(err as Error).message}`);
  }
  data.seq = entry.seq;
}
