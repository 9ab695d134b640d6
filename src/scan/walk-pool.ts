import { Worker } from 'node:worker_threads';
import { SafetyStop } from '../model/errors.js';
import type { Columns } from './columns.js';
import type { WalkOutcome, WalkSpec } from './walk.js';
import type { WorkerMessage } from './walk-worker.js';

/**
 * Finished walk workers are kept this long for the next scan. A fresh worker costs ~0.1 s of CPU
 * to start and walks with a cold JIT; the service rescans often, a one-shot command exits first.
 */
const IDLE_MS = 10_000;
/** One per side is all scanBoth needs at once. */
const MAX_IDLE = 2;

interface Idle {
  worker: Worker;
  timer: NodeJS.Timeout;
  onExit: () => void;
}

const idle: Idle[] = [];

// Under tsx (tests) this module is .ts and so is its worker; built, both are .js.
// Workers start without resourceLimits: a young generation of 1-3 MB cut the peak RSS of a 90,000-file pass by only
// 5-8 MB (their heaps stay ~15 MB) for ~0.05 s more CPU. Their boot is mostly Node's own (~60 ms of CPU for an empty
// worker, measured); their entry loads 10 small modules, and Node's compile cache made no measurable difference there.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './walk-worker.ts' : './walk-worker.js', import.meta.url);

/** walkInWorker runs one walk on a pooled worker thread, handing each batch to `onBatch` as it comes. */
export function walkInWorker(spec: WalkSpec, onBatch: (batch: Columns) => void): Promise<WalkOutcome> {
  const worker = acquire();
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.kind === 'batch') {
        // A throwing receiver would otherwise surface as an uncaught exception of the whole process.
        try {
          onBatch(message.columns);
        } catch (err) {
          onError(err as Error);
        }
        return;
      }
      done();
      release(worker);
      if (message.kind === 'done') resolve(message.outcome);
      else reject(fromMessage(message));
    };
    // A worker that threw or died is not reused.
    const onError = (err: Error) => (done(), void worker.terminate(), reject(err));
    const onExit = (code: number) => (done(), reject(new Error(`scan worker for ${spec.side} exited with code ${code}`)));
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage(spec);
  });
}

/**
 * warmScanWorkers starts the walk workers ahead of the first scan (a command can call it before
 * loading config and state), so their ~0.1 s boot overlaps that work instead of the scan.
 */
export function warmScanWorkers(count = MAX_IDLE): void {
  while (idle.length < Math.min(count, MAX_IDLE)) release(new Worker(workerUrl));
}

function acquire(): Worker {
  const kept = idle.pop();
  if (!kept) return new Worker(workerUrl);
  clearTimeout(kept.timer);
  kept.worker.off('exit', kept.onExit);
  kept.worker.ref();
  return kept.worker;
}

// Unref'd while idle, so a kept worker never holds the process open.
function release(worker: Worker): void {
  if (idle.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const entry: Idle = { worker, timer: setTimeout(() => retire(entry), IDLE_MS).unref(), onExit: () => forget(entry) };
  // A kept worker that dies while idle must not be handed out again.
  worker.once('exit', entry.onExit);
  idle.push(entry);
}

function retire(entry: Idle): void {
  forget(entry);
  void entry.worker.terminate();
}

function forget(entry: Idle): void {
  clearTimeout(entry.timer);
  const i = idle.indexOf(entry);
  if (i >= 0) idle.splice(i, 1);
}

function fromMessage(message: Extract<WorkerMessage, { kind: 'failed' }>): Error {
  if (message.safety) return new SafetyStop(message.safety.reason, message.message, message.safety.details);
  const err = new Error(message.message);
  if (message.stack) err.stack = message.stack;
  return err;
}
