import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entry, Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Side } from '../model/side.js';

/**
 * HASH_ALGORITHM is sha256: on CPUs with SHA extensions it measured as fast as sha1 (1.0-1.5 GiB/s)
 * and 2-3x faster than md5, it has no known collisions, and any of them outruns the disks and the
 * cloud link it reads from.
 */
export const HASH_ALGORITHM = 'sha256';

const CHUNK = 1024 * 1024;

/** HashedFile is a file's digest and the bytes actually read. */
export interface HashedFile {
  hash: string;
  bytes: number;
}

/** hashFile streams one file through sha256 with a caller-owned buffer, never holding the file whole. */
export async function hashFile(path: string, buffer: Buffer = Buffer.allocUnsafe(CHUNK)): Promise<HashedFile> {
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

/**
 * hashEntries fills `entry.hash` for every file of `tree` that `need` selects, reading up to
 * `concurrency` files at once, and returns a Problem for each file it could not hash. A file whose
 * length no longer matches its entry changed after the scan: it gets no hash and a `changed` problem.
 */
export async function hashEntries(
  root: string,
  tree: Tree,
  need: (key: Key, entry: Entry) => boolean,
  concurrency = 4,
  side?: Side,
): Promise<Problem[]> {
  const todo: Entry[] = [];
  for (const [key, entry] of tree) if (entry.type === 'file' && need(key, entry)) todo.push(entry);
  const problems: Problem[] = [];
  let next = 0;
  const lane = async () => {
    const buffer = Buffer.allocUnsafe(CHUNK);
    while (next < todo.length) {
      const problem = await hashOne(root, todo[next++], buffer, side);
      if (problem) problems.push(problem);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, lane));
  return problems;
}

async function hashOne(root: string, entry: Entry, buffer: Buffer, side: Side | undefined): Promise<Problem | null> {
  try {
    const { hash, bytes } = await hashFile(join(root, entry.rel), buffer);
    if (bytes !== entry.size) {
      return { path: entry.rel, side, code: 'changed', message: `size changed while hashing (${entry.size} → ${bytes} bytes)` };
    }
    entry.hash = hash;
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { path: entry.rel, side, code, message: `cannot hash: ${(err as Error).message}` };
  }
}
