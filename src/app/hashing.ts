import type { Config } from '../config/config.js';
import { derive, needsContentProof, type DeriveOptions } from '../facts/derive.js';
import type { BaseRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { toKey, type Key } from '../model/key.js';
import { SIDES, type Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';
import { hashEntries } from '../scan/hash.js';
import type { ScanResult } from '../scan/scanner.js';

type Scanned = { left: ScanResult; right: ScanResult };

/** Reads counts the files hashed on the configured sides, and their bytes. */
export interface Reads {
  hashed: number;
  hashedBytes: number;
}

/** Proof counts the candidates read on both sides to tell equal content from a conflict, and the bytes read. */
export interface Proof {
  compared: number;
  comparedBytes: number;
}

/**
 * hashWhereNeeded fills content hashes on the configured sides: a file whose size and mtime match its base
 * record reuses the recorded hash (unless verifyAll), so only changed files are read. Returns what it read.
 */
export async function hashWhereNeeded(
  config: Config, scanned: Scanned, base: ReadonlyMap<Key, BaseRecord>, fs?: Record<Side, FsPort>,
): Promise<Reads> {
  const reads: Reads = { hashed: 0, hashedBytes: 0 };
  if (!config.hash.enabled) return reads;
  for (const side of config.hash.sides) {
    const result = scanned[side];
    const read: Entry[] = [];
    const need = (key: Key, entry: Entry) => {
      const was = base.get(key)?.[side];
      if (!config.hash.verifyAll && was?.hash && was.size === entry.size && was.mtimeMs === entry.mtimeMs) {
        entry.hash = was.hash;
        return false;
      }
      return read.push(entry) > 0;
    };
    const problems = await hashEntries(config[side], result.tree, need, 4, side, fs?.[side]);
    result.problems.push(...problems);
    const done = hashed(read);
    reads.hashed += done.files;
    reads.hashedBytes += done.bytes;
  }
  return reads;
}

/**
 * proveEqualContent reads the files whose equality only their bytes can tell (facts/derive needsContentProof:
 * same size, changed on both sides, different mtimes), hashing whichever side has no hash yet, and derives
 * their facts again with both hashes. A candidate that could not be read sits this pass out (a problem is
 * reported), so a read error never turns into a conflict. Files are read through `fs` when given, as the hashing.
 */
export async function proveEqualContent(
  config: Config, scanned: Scanned, facts: Map<Key, PathFact>, opts: DeriveOptions, fs?: Record<Side, FsPort>,
): Promise<Proof> {
  const proof: Proof = { compared: 0, comparedBytes: 0 };
  const candidates = new Set<Key>();
  for (const fact of facts.values()) if (needsContentProof(fact, opts.mtimeToleranceMs)) candidates.add(fact.key);
  if (!candidates.size) return proof;
  const unread = new Set<Key>();
  for (const side of SIDES) {
    const read: Entry[] = [];
    const need = (key: Key, entry: Entry) => candidates.has(key) && entry.hash === undefined && read.push(entry) > 0;
    const problems = await hashEntries(config[side], scanned[side].tree, need, 4, side, fs?.[side]);
    scanned[side].problems.push(...problems);
    for (const problem of problems) unread.add(toKey(problem.path, config.caseInsensitive));
    proof.comparedBytes += hashed(read).bytes;
  }
  for (const key of candidates) {
    const fact = facts.get(key)!;
    if (unread.has(key)) facts.delete(key);
    else facts.set(key, derive(key, fact.base, fact.left, fact.right, fact.scope, opts));
  }
  proof.compared = candidates.size - unread.size;
  return proof;
}

/** readCounts keeps the non-zero counts of what a pass read, for its summary. */
export function readCounts(...reads: (Reads | Proof)[]): Record<string, number> {
  return Object.fromEntries(reads.flatMap((r) => Object.entries(r)).filter(([, n]) => n > 0));
}

/** hashed counts the entries that got their hash (a failed read got none), and their bytes. */
function hashed(entries: readonly Entry[]): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of entries) {
    if (entry.hash === undefined) continue;
    files++;
    bytes += entry.size;
  }
  return { files, bytes };
}
