import type { ConflictRecord } from '../model/conflict.js';
import type { Key } from '../model/key.js';
import { BaseMap } from './base-map.js';

/** RunInfo is the summary of one sync pass, kept for `status` (the last ~100). */
export interface RunInfo {
  runId: string;
  /** ISO timestamps. */
  start: string;
  end: string;
  /** Free-form counters: copies, renames, deletes, softDeletes, conflicts, errors, … */
  counts: Record<string, number>;
  exitCode: number;
}

/** StateData is the whole persisted state as held in memory (lowdb's `data`). */
export interface StateData {
  /** The last journal entry folded in (the snapshot's, then each replayed or appended entry's). */
  seq: number;
  /** True once a sync pass has completed against this base; false while a first sync is still building it. */
  baseComplete: boolean;
  base: BaseMap;
  /** The latest conflict record per key, open or settled. */
  conflicts: Map<Key, ConflictRecord>;
  /** Oldest first. */
  runs: RunInfo[];
  /** Named sections owned by other modules (outbox, pending deletes, tombstones …); plain JSON values. */
  extra: Record<string, unknown>;
}

/** Why a state file was not usable. */
export type RecoveryReason = 'unreadable' | 'formatVersion' | 'checksum' | 'invalid';

/** Recovery tells the caller that the state file was set aside and the base starts empty (a safe union). */
export interface Recovery {
  reason: RecoveryReason;
  /** Human detail for the admin mail, e.g. `checksum mismatch` or `formatVersion 7 is unknown`. */
  detail: string;
  /** Absolute path the damaged file was renamed to; null when opened read-only (nothing touched). */
  setAsideAs: string | null;
}

/** emptyState is the state of a first sync: nothing known. */
export function emptyState(): StateData {
  return { seq: 0, baseComplete: false, base: new BaseMap(), conflicts: new Map(), runs: [], extra: {} };
}
