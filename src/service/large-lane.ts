import type { ActionResult, CopyAction } from '../model/action.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Lane } from './stats.js';

interface Job {
  action: CopyAction;
  fact: PathFact;
}

/**
 * LargeLane copies files above `transfer.largeFileMB` in the background, one at a time, smallest first, so a
 * 2 GB file on a slow link never holds up the edits that come after it. Its keys are busy until their copy
 * settles: passes leave them alone meanwhile (splitPlan), and `settled` hands the result back so the service
 * re-reads the paths and checks the key again.
 */
export class LargeLane {
  /** Keys queued or in flight. */
  readonly busy = new Set<Key>();
  private readonly queue: Job[] = [];
  private running: Promise<void> | null = null;
  private inFlight: Job | null = null;

  constructor(
    private readonly copy: (job: Job) => Promise<ActionResult[]>,
    private readonly settled: (results: ActionResult[]) => void,
  ) {}

  /** add queues copies a pass deferred (a key already queued keeps its first copy). */
  add(jobs: readonly Job[]): void {
    for (const job of jobs) {
      if (this.busy.has(job.action.key)) continue;
      this.busy.add(job.action.key);
      this.queue.push(job);
    }
    this.queue.sort((a, b) => a.action.size - b.action.size);
    this.running ??= this.pump().finally(() => (this.running = null));
  }

  /** pending counts the copies not yet done and their bytes. */
  get pending(): Lane {
    const jobs = this.inFlight ? [this.inFlight, ...this.queue] : this.queue;
    return { copies: jobs.length, bytes: jobs.reduce((n, j) => n + j.action.size, 0) };
  }

  /** drain forgets what is queued and waits for the copy in flight (aborted by the service's signal on stop). */
  async drain(): Promise<void> {
    for (const job of this.queue.splice(0)) this.busy.delete(job.action.key);
    await this.running;
  }

  private async pump(): Promise<void> {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      this.inFlight = job;
      let results: ActionResult[] = [];
      try {
        results = await this.copy(job);
      } catch {
        // A result-less failure: the key is checked again like any other, nothing more is known.
      } finally {
        this.inFlight = null;
        this.busy.delete(job.action.key);
        this.settled(results.length ? results : [{ action: job.action, ok: false, code: 'error', message: 'the copy threw', observed: [] }]);
      }
    }
  }
}
