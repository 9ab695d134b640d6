import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionResult } from '../model/action.js';
import { SafetyStop } from '../model/errors.js';
import type { Logger } from '../ports/log.js';
import { actionEntry, auditStop, type StopEntry } from './audit.js';
import type { SyncReport } from './sync-pass.js';

/**
 * `<stateDir>/incidents.json` keeps the last safety stops and the failures of the last pass that had any, for
 * `status`. It lives beside the state, not in it: a root check can stop a pass before the state is opened
 * (or its lock taken), and that stop must still leave a trace. The log holds the full record.
 */
const FILE = 'incidents.json';
const KEEP_STOPS = 20;
const KEEP_FAILURES = 20;

/** StopRecord is one safety stop as `status` shows it. */
export type StopRecord = Omit<StopEntry, 'event' | 'dryRun'> & { at: string; runId: string };

/** FailureRecord is one failed action as `status` shows it. */
export interface FailureRecord {
  action: string;
  side: string | null;
  path: string;
  code: string;
  message: string;
  attempts: number;
}

/** Incidents is the file's content: stops oldest first, and the last pass with failures. */
export interface Incidents {
  stops: StopRecord[];
  failures: { runId: string; at: string; count: number; items: FailureRecord[] } | null;
}

/**
 * recordOutcome runs a pass and records what an admin must be able to find later, wherever in the pass it
 * happened: a safety stop goes to the log (dry runs too) and to the incidents file, failed actions to the
 * incidents file. The stop is rethrown carrying the run id, so every report of it can name the run.
 */
export async function recordOutcome(
  stateDir: string, run: { runId: string; dryRun: boolean }, log: Logger, pass: () => Promise<SyncReport>,
): Promise<SyncReport> {
  try {
    const report = await pass();
    if (!run.dryRun) recordFailures(stateDir, report.results, run.runId, new Date(), log);
    return report;
  } catch (err) {
    if (!(err instanceof SafetyStop)) throw err;
    const entry = auditStop(log, err, run.dryRun);
    if (!run.dryRun) recordStop(stateDir, entry, run.runId, new Date(), log);
    throw new SafetyStop(err.reason, err.message, { ...err.details, runId: run.runId });
  }
}

/** readIncidents returns the recorded stops and failures; an absent or unreadable file reads as none. */
export function readIncidents(stateDir: string): Incidents {
  try {
    const data = JSON.parse(readFileSync(join(stateDir, FILE), 'utf8')) as Partial<Incidents>;
    return { stops: Array.isArray(data.stops) ? data.stops : [], failures: data.failures ?? null };
  } catch {
    return { stops: [], failures: null };
  }
}

/** recordStop adds a safety stop, keeping the last few; a write that fails is logged, never thrown. */
export function recordStop(stateDir: string, stop: StopEntry, runId: string, at: Date, log: Logger): void {
  const { event: _e, dryRun: _d, ...rest } = stop;
  update(stateDir, log, (incidents) => {
    incidents.stops.push({ ...rest, at: at.toISOString(), runId });
    incidents.stops.splice(0, Math.max(0, incidents.stops.length - KEEP_STOPS));
  });
}

/** recordFailures keeps the failed actions of a pass (the first few, and how many); a pass without failures changes nothing. */
export function recordFailures(stateDir: string, results: readonly ActionResult[], runId: string, at: Date, log: Logger): void {
  const failed = results.filter((r) => !r.ok);
  if (!failed.length) return;
  const items = failed.slice(0, KEEP_FAILURES).map((r): FailureRecord => {
    const entry = actionEntry(r);
    return {
      action: entry?.action ?? r.action.kind, side: entry?.side ?? null, path: entry?.path ?? r.action.key,
      code: r.code ?? 'EUNKNOWN', message: r.message ?? '', attempts: r.attempts ?? 1,
    };
  });
  update(stateDir, log, (incidents) => {
    incidents.failures = { runId, at: at.toISOString(), count: failed.length, items };
  });
}

// Written as a temp file then renamed: a reader never sees half a file. Two writers at once (a stop outside
// the lock) can lose one entry here, never the log line.
function update(stateDir: string, log: Logger, change: (incidents: Incidents) => void): void {
  const file = join(stateDir, FILE);
  try {
    const incidents = readIncidents(stateDir);
    change(incidents);
    mkdirSync(stateDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(incidents, null, 2)}\n`);
    renameSync(temp, file);
  } catch (err) {
    log.warn(`could not record in ${file}: ${(err as Error).message}`);
  }
}
