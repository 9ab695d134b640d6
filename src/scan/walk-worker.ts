import { parentPort } from 'node:worker_threads';
import { SafetyStop } from '../model/errors.js';
import { transferablesOf } from './columns.js';
import { walkSync, type WalkResult, type WalkSpec } from './walk.js';

/** WorkerReply is what a walk worker posts per walk: the listing, or the error that stopped it. */
export type WorkerReply =
  | { ok: true; result: WalkResult }
  | { ok: false; safety?: { reason: string; details: Record<string, unknown> }; message: string; stack?: string };

// Scan worker thread: one reply per WalkSpec received; the pool (walk-pool.ts) reuses the thread.
function reply(spec: WalkSpec): void {
  let message: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = walkSync(spec);
    message = { ok: true, result };
    transfer = transferablesOf(result.columns);
  } catch (err) {
    const e = err as Error;
    const safety = err instanceof SafetyStop ? { reason: err.reason, details: err.details } : undefined;
    message = { ok: false, safety, message: e?.message ?? String(err), stack: e?.stack };
  }
  parentPort?.postMessage(message, transfer);
}

parentPort?.on('message', reply);
