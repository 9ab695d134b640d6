import { parentPort } from 'node:worker_threads';
import { SafetyStop } from '../model/errors.js';
import { transferablesOf, type Columns } from './columns.js';
import { walkSync, type WalkOutcome, type WalkSpec } from './walk.js';

/** WorkerMessage is what a walk worker posts: batches of the listing, then how the walk ended. */
export type WorkerMessage =
  | { kind: 'batch'; columns: Columns }
  | { kind: 'done'; outcome: WalkOutcome }
  | { kind: 'failed'; safety?: { reason: string; details: Record<string, unknown> }; message: string; stack?: string };

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

// Scan worker thread: one walk per WalkSpec received; the pool (walk-pool.ts) reuses the thread.
function walk(spec: WalkSpec): void {
  try {
    const outcome = walkSync(spec, (columns) => post({ kind: 'batch', columns }, transferablesOf(columns)));
    post({ kind: 'done', outcome });
  } catch (err) {
    const e = err as Error;
    const safety = err instanceof SafetyStop ? { reason: err.reason, details: err.details } : undefined;
    post({ kind: 'failed', safety, message: e?.message ?? String(err), stack: e?.stack });
  }
}

parentPort?.on('message', walk);
