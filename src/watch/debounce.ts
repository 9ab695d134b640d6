import type { Side } from '../model/side.js';

/** DirtyPath is one path a watcher (or a resync) reported changed, waiting to be re-read and reconciled. */
export interface DirtyPath {
  side: Side;
  /** Relative path as the watcher spelled it, `/` separated; '' is the root. */
  rel: string;
  /** Re-read everything under it too (a folder appeared, vanished, or a resync asked for it). */
  subtree: boolean;
  /** When its last event came (ms, the queue's clock). */
  at: number;
}

const TIMER_SLACK_MS = 5;

export interface DebounceOptions {
  /** A path is ready once it has had no event for this long (`watch.debounceMs`). */
  debounceMs: number;
  /** While events keep coming, a batch is cut after this long anyway, with the paths quiet by then. */
  maxWaitMs: number;
  /** Called when a batch is ready to take (a wake-up; take() says what is in it). */
  onReady: () => void;
  now?: () => number;
}

/**
 * DirtyPaths collapses watcher events into batches. Events for one path within `debounceMs` are one entry; a
 * batch is ready when nothing happened for `debounceMs` (so the two halves of a rename, `add` then `unlink`
 * 100 ms later, land in one batch and pair as a move), or after `maxWaitMs` of steady activity. A path still
 * being written (an event within the last `debounceMs`) stays out of the batch until it goes quiet: a file is
 * never copied half-way because the queue was impatient.
 */
export class DirtyPaths {
  private readonly pending = new Map<string, DirtyPath>();
  private firstAt = 0;
  private lastAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: DebounceOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** size counts the paths waiting. */
  get size(): number {
    return this.pending.size;
  }

  /** mark records an event for a path (a later event for the same path replaces its time, never its subtree flag). */
  mark(side: Side, rel: string, subtree = false): void {
    const at = this.now();
    const id = `${side}\0${rel}`;
    const old = this.pending.get(id);
    if (this.pending.size === 0) this.firstAt = at;
    this.lastAt = at;
    this.pending.set(id, { side, rel, subtree: subtree || !!old?.subtree, at });
    this.arm();
  }

  /** take removes and returns the paths that are quiet now (all of them when nothing moved for `debounceMs`, or with `all`). */
  take(all = false): DirtyPath[] {
    const now = this.now();
    const out: DirtyPath[] = [];
    // Timers fire up to a millisecond early against performance.now(): a path due now counts as quiet.
    const quiet = all ? -Infinity : this.opts.debounceMs - TIMER_SLACK_MS;
    for (const [id, path] of this.pending) {
      if (now - path.at < quiet) continue;
      out.push(path);
      this.pending.delete(id);
    }
    // The busy paths left start a new wait of their own.
    if (this.pending.size) this.firstAt = now;
    this.arm();
    return out;
  }

  /** clear drops everything waiting (a full rescan is about to cover it). */
  clear(): void {
    this.pending.clear();
    this.disarm();
  }

  /** close stops the timer for good. */
  close(): void {
    this.clear();
  }

  private arm(): void {
    this.disarm();
    if (!this.pending.size) return;
    const due = Math.min(this.lastAt + this.opts.debounceMs, this.firstAt + this.opts.maxWaitMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.opts.onReady();
    }, Math.max(0, due - this.now()));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
