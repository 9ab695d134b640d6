import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Entry, Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';
import { HASH_ALGORITHM, HASH_CHUNK } from './hash-algorithm.js';
import type { HashJob, HashOutcome } from './hash-worker.js';

export { HASH_ALGORITHM } from './hash-algorithm.js';

/**
 * Below this many files, hashing stays on the calling thread with async reads. Above it, worker
 * threads with synchronous reads win: four async calls per file through libuv cost ~0.5 ms a small
 * file (90k files: 45 s), the synchronous calls a few microseconds.
 */
const WORKER_THRESHOLD = 256;

/** hashFile streams one file through sha256 with a caller-owned buffer, never holding the file whole. */
export async function hashFile(path: string, buffer: Buffer = Buffer.allocUnsafe(HASH_CHUNK)): Promise<{ hash: string; bytes: number }> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash(HASH_ALGORITHM);
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { hash: hash.digest('hex'), bytes };
  } finally {
    await handle.close();
  }
}

/** hashThrough streams one file through sha256 by a port's reads (a decorated port sees the hasher too). */
export async function hashThrough(fs: FsPort, path: string): Promise<{ hash: string; bytes: number }> {
  const hash = createHash(HASH_ALGORITHM);
  let bytes = 0;
  for await (const chunk of fs.readStream(path)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { hash: hash.digest('hex'), bytes };
}

/**
 * hashEntries fills `entry.hash` for every file of `tree` that `need` selects, reading up to
 * `concurrency` files at once, and returns a Problem for each file it could not hash. A file whose
 * length no longer matches its entry changed after the scan: it gets no hash and a `changed` problem.
 * Files are read through `fs` when it is given and not the native disk (as the scan, see scanner.ts).
 */
export async function hashEntries(
  root: string,
  tree: Tree,
  need: (key: Key, entry: Entry) => boolean,
  concurrency = 4,
  side?: Side,
  fs?: FsPort,
): Promise<Problem[]> {
  const todo: Entry[] = [];
  for (const [key, entry] of tree) if (entry.type === 'file' && need(key, entry)) todo.push(entry);
  const lanes = Math.max(1, Math.min(concurrency, todo.length));
  const port = fs?.native ? undefined : fs;
  const outcomes = port || todo.length < WORKER_THRESHOLD ? await hashInThread(root, todo, lanes, port) : await hashInWorkers(root, todo, lanes);
  const problems: Problem[] = [];
  outcomes.forEach((outcome, i) => {
    const problem = settle(todo[i], outcome, side);
    if (problem) problems.push(problem);
  });
  return problems;
}

function settle(entry: Entry, outcome: HashOutcome, side: Side | undefined): Problem | null {
  const where = side ? { path: entry.rel, side } : { path: entry.rel };
  if ('code' in outcome) return { ...where, code: outcome.code, message: `cannot hash: ${outcome.message}` };
  if (outcome.bytes !== entry.size) {
    return { ...where, code: 'changed', message: `size changed since the scan (${entry.size} → ${outcome.bytes} bytes)` };
  }
  entry.hash = outcome.hash;
  return null;
}

async function hashInThread(root: string, todo: Entry[], lanes: number, port?: FsPort): Promise<HashOutcome[]> {
  const outcomes: HashOutcome[] = new Array(todo.length);
  let next = 0;
  const lane = async () => {
    const buffer = Buffer.allocUnsafe(HASH_CHUNK);
    while (next < todo.length) {
      const i = next++;
      try {
        const path = join(root, todo[i].rel);
        outcomes[i] = port ? await hashThrough(port, path) : await hashFile(path, buffer);
      } catch (err) {
        outcomes[i] = { code: (err as NodeJS.ErrnoException).code ?? 'error', message: (err as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return outcomes;
}

// Round-robin shares, so a run of large files is spread over the workers.
async function hashInWorkers(root: string, todo: Entry[], lanes: number): Promise<HashOutcome[]> {
  const shares = Array.from({ length: lanes }, (_, w) => todo.filter((_, i) => i % lanes === w).map((e) => e.rel));
  const results = await Promise.all(shares.map((rels) => runHashWorker({ root, rels })));
  return todo.map((_, i) => results[i % lanes][Math.floor(i / lanes)]);
}

// Under tsx (tests) this module is .ts and so is its worker; built, both are .js.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './hash-worker.ts' : './hash-worker.js', import.meta.url);

function runHashWorker(job: HashJob): Promise<HashOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: job });
    let settled = false;
    worker.once('message', (outcomes: HashOutcome[]) => ((settled = true), resolve(outcomes)));
    worker.once('error', (err) => ((settled = true), reject(err)));
    worker.once('exit', (code) => settled || reject(new Error(`hash worker exited with code ${code} before replying`)));
  });
}
