import { parentPort, workerData } from 'node:worker_threads';
import { SafetyStop } from '../model/errors.js';
import { transferablesOf } from './columns.js';
import { walkSync, type WalkResult, type WalkSpec } from './walk.js';

/** WorkerReply is the one message a walk worker posts: the listing, or the error that stopped it. */
export type WorkerReply =
  | { ok: true; result: WalkResult }
  | { ok: false; safety?: { reason: string; details: Record<string, unknown> }; message: string; stack?: string };

// Entry point of the scan worker thread: one walk, one reply, then the thread ends.
function reply(): void {
  let message: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = walkSync(workerData as WalkSpec);
    message = { ok: true, result };
    transfer = transferablesOf(result.columns);
  } catch (err) {
    const e = err as Error;
    const safety = err instanceof SafetyStop ? { reason: err.reason, details: err.details } : undefined;
    message = { ok: false, safety, message: e?.message ?? String(err), stack: e?.stack };
  }
  parentPort?.postMessage(message, transfer);
}

reply();
