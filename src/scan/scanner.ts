import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import { SafetyStop } from '../model/errors.js';
import type { Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Side } from '../model/side.js';
import { columnsToTree } from './columns.js';
import { ignoreRules, ignoreSpecOf, type IgnoreSpec } from './ignore.js';
import { walkSync, type WalkResult, type WalkSpec } from './walk.js';
import type { WorkerReply } from './walk-worker.js';

/** ScanOptions say which root to list and how; `inline` walks on the calling thread (blocking it). */
export interface ScanOptions {
  side: Side;
  root: string;
  caseInsensitive: boolean;
  ignore: IgnoreSpec;
  inline?: boolean;
}

/** ScanResult is one side's listing: the tree by key, per-path problems, counts and wall time. */
export interface ScanResult {
  side: Side;
  tree: Tree;
  problems: Problem[];
  /** Keys of folders whose listing is partial (see WalkResult): never infer deletes below them. */
  incomplete: Key[];
  files: number;
  dirs: number;
  ms: number;
}

/** scanOptionsOf builds one side's scan options from a resolved config. */
export function scanOptionsOf(config: Config, side: Side): ScanOptions {
  return { side, root: config[side], caseInsensitive: config.caseInsensitive, ignore: ignoreSpecOf(config) };
}

/**
 * scanSide lists one root into a Tree. It throws SafetyStop when the root is missing, not a folder
 * or unreadable; everything below the root only ever becomes a Problem.
 */
export async function scanSide(opts: ScanOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const spec: WalkSpec = { side: opts.side, root: opts.root, caseInsensitive: opts.caseInsensitive, ignore: ignoreRules(opts.ignore) };
  const walked = opts.inline ? walkSync(spec) : await walkInWorker(spec);
  const { tree, files, dirs } = columnsToTree(walked.columns);
  return { side: opts.side, tree, problems: walked.problems, incomplete: walked.incomplete, files, dirs, ms: performance.now() - t0 };
}

/** scanBoth lists both roots concurrently, one worker thread each. */
export async function scanBoth(config: Config): Promise<{ left: ScanResult; right: ScanResult }> {
  const [left, right] = await Promise.all([scanSide(scanOptionsOf(config, 'left')), scanSide(scanOptionsOf(config, 'right'))]);
  return { left, right };
}

// Under tsx (tests) this module is .ts and so is its worker; built, both are .js.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './walk-worker.ts' : './walk-worker.js', import.meta.url);

function walkInWorker(spec: WalkSpec): Promise<WalkResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: spec });
    let settled = false;
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(fromReply(reply));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`scan worker for ${spec.side} exited with code ${code} before replying`));
    });
  });
}

function fromReply(reply: Extract<WorkerReply, { ok: false }>): Error {
  if (reply.safety) return new SafetyStop(reply.safety.reason, reply.message, reply.safety.details);
  const err = new Error(reply.message);
  if (reply.stack) err.stack = reply.stack;
  return err;
}
