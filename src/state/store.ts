import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { BaseRecord } from '../model/base.js';
import type { ConflictRecord } from '../model/conflict.js';
import type { Key } from '../model/key.js';
import { silentLogger, type Logger } from '../ports/log.js';
import { StateError } from './errors.js';
import { Journal } from './journal.js';
import { acquireLock, LOCK_WAIT_MS, type StateLock } from './lock.js';
import { loadOrRecover, removeStenoTemp } from './recover.js';
import { cleanRecord } from './rows.js';
import { StateFile } from './state-file.js';
import { StateWriter, type WriteStats } from './writer.js';
import { emptyState, type Recovery, type RunInfo, type StateData } from './types.js';

/** STATE_FILE, JOURNAL_FILE and LOCK_FILE are the snapshot, its journal of later changes and the single-writer lock inside stateDir. */
export const STATE_FILE = 'state.json';
export const JOURNAL_FILE = 'state.journal';
export const LOCK_FILE = 'state.lock';

export interface StateStoreOptions {
  /** Take the single-writer lock (default true). */
  lock?: boolean;
  /** How long to wait for a live lock holder to let go before refusing (default LOCK_WAIT_MS, 5 s). */
  lockWaitMs?: number;
  /** Never lock, write or set aside (for `status`, `conflicts`, dry runs while a service runs); changes stay in memory. */
  readOnly?: boolean;
  /** A scheduled write waits this long after the first unsaved change (default 2000). */
  flushIntervalMs?: number;
  /** A journal left alone this long after a write is folded into a new snapshot (default 60000; 0 never). */
  compactIdleMs?: number;
  /**
   * Called once the lock is held (at once when no lock is taken), before the state is read: a pass starts its
   * scan here, so the walk and the load run together and the scan still begins after no other pass can commit.
   */
  onLocked?: () => void;
  /**
   * Let the journal grow past its share of the snapshot while open, and fold it in once at close (default false).
   * For a one-shot pass: its first copy's base grows from nothing, and a compaction each time the journal outgrew a
   * quarter of the snapshot re-encoded it a dozen times (90k files: 2.1 s of a 22 s copy). A kill before close
   * leaves a long journal, which the next load replays and that pass's close folds in.
   */
  compactOnClose?: boolean;
  /** Runs kept (default 100). */
  maxRuns?: number;
  log?: Logger;
}

type Settings = Required<Omit<StateStoreOptions, 'onLocked'>>;

/**
 * StateStore holds the base of the three-way sync, conflicts, run history and named extra sections. lowdb
 * keeps them as a snapshot, state.json; what changes after it is appended to state.journal, one checksummed
 * line per write, so a pass that changes k paths writes O(k) bytes. The journal is folded into a new snapshot
 * (compacted) when it outgrows a share of the snapshot or sits idle. Every change schedules one debounced
 * write; flush() forces it, close() writes the last changes and releases the lock.
 */
export class StateStore {
  /** open loads (or starts) the state in stateDir; damaged files are set aside and reported in `recovered`. */
  static async open(stateDir: string, options: StateStoreOptions = {}): Promise<StateStore> {
    const settings: Settings = {
      lock: options.lock ?? true, lockWaitMs: options.lockWaitMs ?? LOCK_WAIT_MS, readOnly: options.readOnly ?? false, flushIntervalMs: options.flushIntervalMs ?? 2000,
      compactIdleMs: options.compactIdleMs ?? 60_000, compactOnClose: options.compactOnClose ?? false, maxRuns: options.maxRuns ?? 100, log: options.log ?? silentLogger(),
    };
    const dir = resolve(stateDir);
    const files = { snapshot: join(dir, STATE_FILE), journal: join(dir, JOURNAL_FILE) };
    if (!settings.readOnly) await mkdir(dir, { recursive: true });
    const lock = settings.lock && !settings.readOnly ? await acquireLock(join(dir, LOCK_FILE), { waitMs: settings.lockWaitMs }) : null;
    try {
      options.onLocked?.();
      if (!settings.readOnly) await removeStenoTemp(files.snapshot);
      const snapshot = new StateFile(files.snapshot);
      const db = new Low<StateData>(snapshot, emptyState());
      const loaded = await loadOrRecover(db, files, settings, settings.log);
      const journal = new Journal(files.journal, loaded.journal.goodBytes);
      // A kill mid-append left a torn line: cut it before anything follows it.
      if (!settings.readOnly) await journal.cutTornTail(loaded.journal.size);
      const writer = new StateWriter(db, snapshot, journal, lock, {
        compactIdleMs: settings.compactIdleMs, log: settings.log, file: files.snapshot, compactOnClose: settings.compactOnClose,
      });
      return new StateStore(files.snapshot, db, writer, lock, loaded.recovered, settings);
    } catch (err) {
      await lock?.release();
      throw err;
    }
  }

  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    /** Absolute path of state.json. */
    readonly file: string,
    private readonly db: Low<StateData>,
    private readonly writer: StateWriter,
    private readonly lock: StateLock | null,
    /** Set when the state was damaged and set aside: the base starts empty (a safe union) and the admin must be told. */
    readonly recovered: Recovery | null,
    private readonly settings: Settings,
  ) {}

  /** What the writes so far looked like. */
  get stats(): WriteStats { return this.writer.stats; }
  /** False on a first sync: no state file, a set-aside one, or a first pass that never completed. */
  get hasBase(): boolean { return this.db.data.baseComplete; }
  /** Last synced state per key. Records are shared, not copied: never mutate them, call setBase. */
  get base(): ReadonlyMap<Key, BaseRecord> { return this.db.data.base; }
  /** The latest conflict per key, open or settled. */
  get conflicts(): ReadonlyMap<Key, ConflictRecord> { return this.db.data.conflicts; }
  /** Past runs, oldest first. */
  get runs(): readonly RunInfo[] { return this.db.data.runs; }
  /** Whether there are changes not yet written. */
  get isDirty(): boolean { return this.writer.dirty; }

  /** markBaseComplete records that a whole pass finished, so the next run is no longer a first sync. */
  markBaseComplete(): void {
    this.checkOpen();
    if (this.db.data.baseComplete) return;
    this.db.data.baseComplete = true;
    this.writer.pending.baseComplete = true;
    this.changed();
  }

  /** setBase records what both sides hold for `key` after a successful sync, or forgets the key (null). */
  setBase(key: Key, rec: BaseRecord | null): void {
    this.checkOpen();
    if (rec === null) {
      if (!this.db.data.base.delete(key)) return;
    } else this.db.data.base.set(key, cleanRecord(rec));
    this.writer.pending.base.add(key);
    this.changed();
  }

  /** putConflict stores a conflict as the current record of its key (replacing an earlier one). */
  putConflict(rec: ConflictRecord): void {
    this.checkOpen();
    this.db.data.conflicts.set(rec.key, { ...rec, actions: [...rec.actions] });
    this.writer.pending.conflicts.add(rec.key);
    this.changed();
  }

  /** deleteConflict drops the conflict record of a key. */
  deleteConflict(key: Key): void {
    this.checkOpen();
    if (!this.db.data.conflicts.delete(key)) return;
    this.writer.pending.conflicts.add(key);
    this.changed();
  }

  /** openConflicts lists the conflicts still waiting for a side to change or an admin to resolve. */
  openConflicts(): ConflictRecord[] {
    return [...this.db.data.conflicts.values()].filter((c) => c.status === 'open');
  }

  /** recordRun appends a finished run, keeping the last `maxRuns`. */
  recordRun(info: RunInfo): void {
    this.checkOpen();
    const runs = this.db.data.runs;
    runs.push({ ...info, counts: { ...info.counts } });
    if (runs.length > this.settings.maxRuns) runs.splice(0, runs.length - this.settings.maxRuns);
    this.writer.pending.runs++;
    this.changed();
  }

  /** getExtra returns a named section (plain JSON) owned by another module; treat it as read-only and setExtra a new value. */
  getExtra<T>(name: string): T | undefined {
    return this.db.data.extra[name] as T | undefined;
  }

  /** setExtra replaces a named section with a JSON-serialisable value, or removes it (undefined). */
  setExtra<T>(name: string, value: T | undefined): void {
    this.checkOpen();
    if (value === undefined) delete this.db.data.extra[name];
    else this.db.data.extra[name] = value;
    this.writer.pending.extra.add(name);
    this.changed();
  }

  /** scheduleFlush arranges one write `flushIntervalMs` after the first unsaved change; later changes ride along. */
  scheduleFlush(): void {
    if (this.settings.readOnly || this.timer || this.closed || this.writer.lost) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((err: unknown) => this.onScheduledFailure(err));
    }, this.settings.flushIntervalMs);
  }

  /** flush writes now if anything changed (a journal line, or a new snapshot by temp file + rename) and waits for it. */
  async flush(): Promise<void> {
    this.clearTimer();
    if (!this.settings.readOnly) await this.writer.write(false);
  }

  /** compact folds the journal and any unsaved change into a new snapshot now (a service may call it when idle). */
  async compact(): Promise<void> {
    this.clearTimer();
    if (!this.settings.readOnly) await this.writer.write(true);
  }

  /** close writes the last changes (a snapshot of an older format is rewritten in the current one) and releases the lock; the store refuses changes afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // An older format left as it is would be decoded the slow way on every load while nothing changes.
      if (!this.settings.readOnly && this.writer.outdated) await this.compact();
      else {
        await this.flush();
        if (!this.settings.readOnly && this.settings.compactOnClose && this.writer.overgrown) await this.compact();
      }
    } finally {
      this.clearTimer();
      this.writer.stop();
      await this.lock?.release();
    }
  }

  private onScheduledFailure(err: unknown): void {
    // A lost lock is final (scheduleFlush refuses); anything else (disk full, AV holding the file) is retried.
    const retry = !this.writer.lost;
    this.settings.log.error(`writing the state failed${retry ? '; will retry' : ''}`, { file: this.file, err });
    this.scheduleFlush();
  }

  private changed(): void {
    this.writer.dirty = true;
    this.scheduleFlush();
  }

  private checkOpen(): void {
    if (this.closed) throw new StateError('closed', `the state store ${this.file} is closed`);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
