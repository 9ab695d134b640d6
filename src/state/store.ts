import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { BaseRecord } from '../model/base.js';
import type { ConflictRecord } from '../model/conflict.js';
import type { Key } from '../model/key.js';
import { silentLogger, type Logger } from '../ports/log.js';
import { cleanRecord } from './codec.js';
import { StateError } from './errors.js';
import { acquireLock, LOCK_WAIT_MS, type StateLock } from './lock.js';
import { loadOrRecover, removeStenoTemp } from './recover.js';
import { StateFile } from './state-file.js';
import { emptyState, type Recovery, type RunInfo, type StateData } from './types.js';

/** STATE_FILE and LOCK_FILE are the names of the state and its single-writer lock inside stateDir. */
export const STATE_FILE = 'state.json';
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
  /** Runs kept (default 100). */
  maxRuns?: number;
  log?: Logger;
}

type Settings = Required<StateStoreOptions>;

/** FlushStats counts what the store wrote, for `status` and tests. */
export interface FlushStats { writes: number; lastWriteMs: number }

/**
 * StateStore holds the base of the three-way sync, conflicts, run history and named extra sections,
 * persisted through lowdb as one state.json. Every change marks the store dirty and schedules one
 * debounced write (lowdb rewrites the whole file, ~0.1 s at 90k records, so never once per file);
 * flush() forces it, close() writes the last changes and releases the lock.
 */
export class StateStore {
  /** open loads (or starts) the state in stateDir; a damaged file is set aside and reported in `recovered`. */
  static async open(stateDir: string, options: StateStoreOptions = {}): Promise<StateStore> {
    const settings: Settings = {
      lock: options.lock ?? true, lockWaitMs: options.lockWaitMs ?? LOCK_WAIT_MS, readOnly: options.readOnly ?? false, flushIntervalMs: options.flushIntervalMs ?? 2000,
      maxRuns: options.maxRuns ?? 100, log: options.log ?? silentLogger(),
    };
    const dir = resolve(stateDir);
    const file = join(dir, STATE_FILE);
    if (!settings.readOnly) await mkdir(dir, { recursive: true });
    const lock = settings.lock && !settings.readOnly ? await acquireLock(join(dir, LOCK_FILE), { waitMs: settings.lockWaitMs }) : null;
    try {
      if (!settings.readOnly) await removeStenoTemp(file);
      const db = new Low<StateData>(new StateFile(file), emptyState());
      const recovered = await loadOrRecover(db, file, settings.readOnly, settings.log);
      return new StateStore(file, db, lock, recovered, settings);
    } catch (err) {
      await lock?.release();
      throw err;
    }
  }

  /** What the last flush and write count looked like. */
  readonly stats: FlushStats = { writes: 0, lastWriteMs: 0 };
  private dirty = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private lost: StateError | null = null;

  private constructor(
    /** Absolute path of state.json. */
    readonly file: string,
    private readonly db: Low<StateData>,
    private readonly lock: StateLock | null,
    /** Set when the state file was damaged and set aside: the base starts empty (a safe union) and the admin must be told. */
    readonly recovered: Recovery | null,
    private readonly settings: Settings,
  ) {}

  /** False on a first sync: no state file, a set-aside one, or a first pass that never completed. */
  get hasBase(): boolean { return this.db.data.baseComplete; }
  /** Last synced state per key. Records are shared, not copied: never mutate them, call setBase. */
  get base(): ReadonlyMap<Key, BaseRecord> { return this.db.data.base; }
  /** The latest conflict per key, open or settled. */
  get conflicts(): ReadonlyMap<Key, ConflictRecord> { return this.db.data.conflicts; }
  /** Past runs, oldest first. */
  get runs(): readonly RunInfo[] { return this.db.data.runs; }
  /** Whether there are changes not yet written. */
  get isDirty(): boolean { return this.dirty; }

  /** markBaseComplete records that a whole pass finished, so the next run is no longer a first sync. */
  markBaseComplete(): void {
    this.checkOpen();
    if (this.db.data.baseComplete) return;
    this.db.data.baseComplete = true;
    this.changed();
  }

  /** setBase records what both sides hold for `key` after a successful sync, or forgets the key (null). */
  setBase(key: Key, rec: BaseRecord | null): void {
    this.checkOpen();
    if (rec === null) {
      if (this.db.data.base.delete(key)) this.changed();
      return;
    }
    this.db.data.base.set(key, cleanRecord(rec));
    this.changed();
  }

  /** putConflict stores a conflict as the current record of its key (replacing an earlier one). */
  putConflict(rec: ConflictRecord): void {
    this.checkOpen();
    this.db.data.conflicts.set(rec.key, { ...rec, actions: [...rec.actions] });
    this.changed();
  }

  /** deleteConflict drops the conflict record of a key. */
  deleteConflict(key: Key): void {
    this.checkOpen();
    if (this.db.data.conflicts.delete(key)) this.changed();
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
    this.changed();
  }

  /** scheduleFlush arranges one write `flushIntervalMs` after the first unsaved change; later changes ride along. */
  scheduleFlush(): void {
    if (this.settings.readOnly || this.timer || this.closed || this.lost) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((err: unknown) => this.onScheduledFailure(err));
    }, this.settings.flushIntervalMs);
  }

  /** flush writes now if anything changed (temp file + rename, via lowdb's steno writer) and waits for it. */
  async flush(): Promise<void> {
    this.clearTimer();
    if (this.settings.readOnly) return;
    if (this.lost) throw this.lost;
    if (!this.dirty) return this.inflight ?? undefined;
    this.dirty = false;
    const run = this.write();
    this.inflight = run;
    try {
      await run;
    } finally {
      if (this.inflight === run) this.inflight = null;
    }
  }

  /** close writes the last changes and releases the lock; the store refuses changes afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flush();
    } finally {
      this.clearTimer();
      await this.lock?.release();
    }
  }

  private async write(): Promise<void> {
    try {
      await this.lock?.verify();
      const started = performance.now();
      await this.db.write();
      this.stats.writes++;
      this.stats.lastWriteMs = performance.now() - started;
    } catch (err) {
      this.dirty = true;
      if (err instanceof StateError && err.code === 'lockLost') this.lost = err;
      throw err;
    }
  }

  private onScheduledFailure(err: unknown): void {
    // A lost lock is final (scheduleFlush refuses); anything else (disk full, AV holding the file) is retried.
    const retry = !this.lost;
    this.settings.log.error(`writing the state failed${retry ? '; will retry' : ''}`, { file: this.file, err });
    this.scheduleFlush();
  }

  private changed(): void {
    this.dirty = true;
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
