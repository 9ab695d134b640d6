import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { HASH_ALGORITHM, HASH_CHUNK } from './hash-algorithm.js';

/** HashJob is one hash worker's share: files under one root. */
export interface HashJob {
  root: string;
  rels: string[];
}

/** HashOutcome is, per file of the job, its digest and bytes read, or the errno that stopped it. */
export type HashOutcome = { hash: string; bytes: number } | { code: string; message: string };

/** hashFileSync streams one file through the hash with a reused buffer; the worker's whole job. */
export function hashFileSync(path: string, buffer: Buffer): { hash: string; bytes: number } {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash(HASH_ALGORITHM);
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
    return { hash: hash.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}

function run(job: HashJob): HashOutcome[] {
  const buffer = Buffer.allocUnsafe(HASH_CHUNK);
  return job.rels.map((rel) => {
    try {
      return hashFileSync(join(job.root, rel), buffer);
    } catch (err) {
      return { code: (err as NodeJS.ErrnoException).code ?? 'error', message: (err as Error).message };
    }
  });
}

if (parentPort && workerData) parentPort.postMessage(run(workerData as HashJob));
