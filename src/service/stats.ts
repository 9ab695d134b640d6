import type { Action, ActionResult } from '../model/action.js';
import type { Side } from '../model/side.js';
import type { Counts } from '../plan/summary.js';
import type { RootTrouble } from './roots.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const KEEP_FAILURES = 20;

export type PassKind = 'full' | 'incremental';
export type WatchMode = 'events' | 'poll' | 'off';

/** PassSummary is what the service remembers of one pass. */
export interface PassSummary {
  runId: string;
  kind: PassKind;
  start: string;
  end: string;
  ms: number;
  exitCode: number;
  counts: Counts;
  keys: number;
}

/** Failure is one action that failed or a pass that stopped, for `status` and `/status`. */
export interface Failure {
  at: string;
  path: string;
  code: string;
  message: string;
}

/** Lane is one copy queue's backlog: copies not yet settled and their bytes. */
export interface Lane {
  copies: number;
  bytes: number;
}

/**
 * ServiceStats is the service's memory of itself, for /health, /status and /metrics: what it is doing, the
 * copies still pending per lane, the last passes and events, recent failures, and totals over 1 h and 24 h.
 */
export class ServiceStats {
  readonly startedAt = new Date().toISOString();
  phase: 'starting' | 'scanning' | 'watching' | 'waitingForRoots' | 'stopping' = 'starting';
  watch: Record<Side, WatchMode> = { left: 'off', right: 'off' };
  /** How long each side's watcher took to be ready (ms), its self-test not included; 0 until then. */
  watchSetupMs: Record<Side, number> = { left: 0, right: 0 };
  roots: Record<Side, RootTrouble | null> = { left: null, right: null };
  lastPass: PassSummary | null = null;
  lastFullPass: PassSummary | null = null;
  lastEvent: string | null = null;
  lastStop: Failure | null = null;
  failures: Failure[] = [];
  watcherErrors: Failure[] = [];
  events: Record<Side, number> = { left: 0, right: 0 };
  passes: Record<PassKind, number> = { full: 0, incremental: 0 };
  actions: Counts = {};
  bytesCopied = 0;
  /** When the running pass started and last settled an action (performance.now()), or null between passes. */
  running: { kind: PassKind; since: number; progressAt: number } | null = null;
  lanes: { small: Lane; large: Lane } = { small: { copies: 0, bytes: 0 }, large: { copies: 0, bytes: 0 } };
  private history: { t: number; counts: Counts }[] = [];

  /** event counts one watcher event. */
  event(side: Side): void {
    this.events[side]++;
    this.lastEvent = new Date().toISOString();
  }

  /** passStarted marks a pass running and loads its copies into the lanes. */
  passStarted(kind: PassKind, actions: readonly Action[] = [], largeBytes = Infinity): void {
    const now = performance.now();
    this.running = { kind, since: now, progressAt: now };
    this.lanes = { small: { copies: 0, bytes: 0 }, large: { copies: 0, bytes: 0 } };
    for (const a of actions) if (a.kind === 'copy') this.addToLane(a.size > largeBytes ? 'large' : 'small', 1, a.size);
  }

  /** settled takes one finished action off its lane. */
  settled(result: ActionResult, largeBytes: number): void {
    if (this.running) this.running.progressAt = performance.now();
    const a = result.action;
    if (a.kind === 'copy') this.addToLane(a.size > largeBytes ? 'large' : 'small', -1, -a.size);
    if (!result.ok) this.failure({ at: new Date().toISOString(), path: actionPath(a), code: result.code ?? 'failed', message: result.message ?? '' });
  }

  /** passEnded records a finished pass and its counts. */
  passEnded(summary: PassSummary, bytes: number): void {
    this.running = null;
    this.lanes = { small: { copies: 0, bytes: 0 }, large: { copies: 0, bytes: 0 } };
    this.passes[summary.kind]++;
    this.lastPass = summary;
    if (summary.kind === 'full') this.lastFullPass = summary;
    this.bytesCopied += bytes;
    for (const [k, v] of Object.entries(summary.counts)) this.actions[k] = (this.actions[k] ?? 0) + v;
    if (Object.keys(summary.counts).length) this.history.push({ t: Date.now(), counts: summary.counts });
    this.prune();
  }

  /** failure remembers a failed action or a stopped pass (the last few). */
  failure(f: Failure): void {
    this.failures.push(f);
    if (this.failures.length > KEEP_FAILURES) this.failures.shift();
  }

  /** totals sums the counts of the passes in the last `ms`. */
  totals(ms: number): Counts {
    const since = Date.now() - ms;
    const sum: Counts = {};
    for (const h of this.history) if (h.t >= since) for (const [k, v] of Object.entries(h.counts)) sum[k] = (sum[k] ?? 0) + v;
    return sum;
  }

  /** last1h and last24h are the totals `status` shows. */
  windows(): { last1h: Counts; last24h: Counts } {
    return { last1h: this.totals(HOUR_MS), last24h: this.totals(DAY_MS) };
  }

  private addToLane(lane: 'small' | 'large', copies: number, bytes: number): void {
    this.lanes[lane].copies += copies;
    this.lanes[lane].bytes += bytes;
  }

  private prune(): void {
    const since = Date.now() - DAY_MS;
    while (this.history.length && this.history[0].t < since) this.history.shift();
  }
}

/** actionPath is the path an action is about, as a person reads it. */
export function actionPath(a: Action): string {
  switch (a.kind) {
    case 'copy': return a.srcRel;
    case 'rename': return a.fromRel;
    case 'mkdir': case 'delete': case 'rmdir': case 'setProps': return a.rel;
    default: return a.key;
  }
}
