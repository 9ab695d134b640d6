import type { Low } from 'lowdb';
import type { Logger } from '../ports/log.js';
import { Pending } from './changes.js';
import { FORMAT_VERSION } from './codec.js';
import { StateError } from './errors.js';
import { journalLine, type Journal } from './journal.js';
import type { StateLock } from './lock.js';
import type { StateFile } from './state-file.js';
import type { StateData } from './types.js';

/** A journal may grow to this share of the snapshot (and at least MIN_JOURNAL_BYTES) before a write compacts it. */
const JOURNAL_SHARE = 0.25;
const MIN_JOURNAL_BYTES = 256 * 1024;

/** WriteStats counts what the store wrote, for `status` and tests. */
export interface WriteStats { writes: number; compactions: number; lastWriteMs: number; lastWriteBytes: number }

/**
 * StateWriter writes a store's changes, one write after another: a journal line for what changed since the last
 * write, or a whole new snapshot through lowdb (temp file + rename) when there is none of this format yet, when
 * asked to (compact), or when the journal would outgrow its share of the snapshot. A journal left alone for
 * `compactIdleMs` is compacted too, so a restart reads one file.
 */
export class StateWriter {
  readonly stats: WriteStats = { writes: 0, compactions: 0, lastWriteMs: 0, lastWriteBytes: 0 };
  /** What changed since the last write; the store's setters add to it. */
  pending = new Pending();
  /** Whether `pending` holds anything. */
  dirty = false;
  /** Set when our lock was taken over: final, nothing is written any more. */
  lost: StateError | null = null;
  private queue: Promise<void> = Promise.resolve();
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Low<StateData>,
    private readonly snapshot: StateFile,
    private readonly journal: Journal,
    private readonly lock: StateLock | null,
    private readonly opts: { compactIdleMs: number; log: Logger; file: string; compactOnClose?: boolean },
  ) {}

  /** write writes what is pending (and with `compact`, the journal too, into a new snapshot) once earlier writes are done. */
  write(compact: boolean): Promise<void> {
    const run = this.queue.catch(() => {}).then(() => this.writePending(compact));
    this.queue = run;
    return run;
  }

  /** outdated tells whether the snapshot on disk was read in an older format (close rewrites it: see StateStore.close). */
  get outdated(): boolean {
    return this.snapshot.version !== null && this.snapshot.version !== FORMAT_VERSION;
  }

  /** overgrown tells whether the journal has outgrown its share of the snapshot (a write then compacts, see compactOnClose). */
  get overgrown(): boolean {
    return this.journal.size > this.journalRoom();
  }

  private journalRoom(): number {
    return Math.max(MIN_JOURNAL_BYTES, JOURNAL_SHARE * this.snapshot.bytes);
  }

  /** stop cancels the idle compaction (the store is closing). */
  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }

  private async writePending(compact: boolean): Promise<void> {
    if (this.lost) throw this.lost;
    if (!this.dirty && !(compact && (this.journal.size > 0 || this.outdated))) return;
    const batch = this.pending;
    this.pending = new Pending();
    this.dirty = false;
    try {
      await this.lock?.verify();
      const started = performance.now();
      this.stats.lastWriteBytes = await this.persist(batch, compact);
      this.stats.writes++;
      this.stats.lastWriteMs = performance.now() - started;
    } catch (err) {
      // Nothing of the batch is lost: it goes out with the next write.
      batch.merge(this.pending);
      this.pending = batch;
      this.dirty = true;
      if (err instanceof StateError && err.code === 'lockLost') this.lost = err;
      throw err;
    }
  }

  // Returns the bytes written.
  private async persist(batch: Pending, compact: boolean): Promise<number> {
    const data = this.db.data;
    if (!compact && this.snapshot.version === FORMAT_VERSION) {
      const line = journalLine(batch.entry(data, data.seq + 1));
      if (this.opts.compactOnClose || this.journal.size + line.length <= this.journalRoom()) {
        await this.journal.append(line);
        data.seq++;
        this.armIdle();
        return line.length;
      }
    }
    this.stop();
    await this.db.write();
    this.snapshot.version = FORMAT_VERSION;
    // Killed here, the journal's entries are all at or below the new snapshot's seq: the next load skips them.
    await this.journal.reset();
    this.stats.compactions++;
    return this.snapshot.bytes;
  }

  private armIdle(): void {
    this.stop();
    if (this.opts.compactIdleMs <= 0) return;
    this.idle = setTimeout(() => {
      this.idle = null;
      this.write(true).catch((err: unknown) => this.opts.log.warn('compacting the state journal failed; the next write retries', { file: this.opts.file, err }));
    }, this.opts.compactIdleMs).unref();
  }
}
