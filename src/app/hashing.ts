import type { Config } from '../config/config.js';
import { derive, needsContentProof, type DeriveOptions } from '../facts/derive.js';
import type { BaseRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { toKey, type Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import { SIDES } from '../model/side.js';
import { hashEntries } from '../scan/hash.js';
import type { ScanResult } from '../scan/scanner.js';

/** Reads counts what a pass read to learn content: files hashed on the configured sides, and their bytes. */
export interface Reads {
  hashed: number;
  hashedBytes: number;
}

/**
 * hashWhereNeeded fills content hashes on the configured sides: a file whose size and mtime match its base
 * record reuses the recorded hash (unless verifyAll), so only changed files are read. Returns what it read.
 */
export async function hashWhereNeeded(config: Config, scanned: { left: ScanResult; right: ScanResult }, base: ReadonlyMap<Key, BaseRecord>): Promise<Reads> {
  const reads: Reads = { hashed: 0, hashedBytes: 0 };
  if (!config.hash.enabled) return reads;
  for (const side of config.hash.sides) {
    const result = scanned[side];
    const root = config[side];
    const read: Entry[] = [];
    const need = (key: Key, entry: Entry) => {
      const was = base.get(key)?.[side];
      if (!config.hash.verifyAll && was?.hash && was.size === entry.size && was.mtimeMs === entry.mtimeMs) {
        entry.hash = was.hash;
        return false;
      }
      return read.push(entry) > 0;
    };
    const problems: Problem[] = await hashEntries(root, result.tree, need, 4);
    result.problems.push(...problems.map((p) => ({ ...p, side })));
    addRead(reads, read);
  }
  return reads;
}

function addRead(reads: Reads, entries: Entry[]): void {
  for (const entry of entries) {
    if (entry.hash === undefined) continue;
    reads.hashed++;
    reads.hashedBytes += entry.size;
  }
}

/** readCounts keeps the non-zero read counts, for a pass's summary. */
export function readCounts(...reads: (Reads | Proof)[]): Record<string, number> {
  return Object.fromEntries(reads.flatMap((r) => Object.entries(r)).filter(([, n]) => n > 0));
}

/** Proof counts the candidates a pass read on both sides to tell equal content from a conflict, and the bytes read. */
export interface Proof {
  compared: number;
  comparedBytes: number;
}

/**
 * proveEqualContent reads the files whose equality only their bytes can tell (facts/derive needsContentProof:
 * same size, changed on both sides, different mtimes), hashing whichever side has no hash yet, and derives
 * their facts again with both hashes. A candidate that could not be read sits this pass out (a problem is
 * reported), so a read error never turns into a conflict.
 */
export async function proveEqualContent(config: Config, scanned: { left: ScanResult; right: ScanResult }, facts: Map<Key, PathFact>, opts: DeriveOptions): Promise<Proof> {
  const proof: Proof = { compared: 0, comparedBytes: 0 };
  const candidates = new Set<Key>();
  for (const fact of facts.values()) if (needsContentProof(fact, opts.mtimeToleranceMs)) candidates.add(fact.key);
  if (!candidates.size) return proof;
  const unread = new Set<Key>();
  for (const side of SIDES) {
    const read: Entry[] = [];
    const need = (key: Key, entry: Entry) => candidates.has(key) && entry.hash === undefined && read.push(entry) > 0;
    const problems = await hashEntries(config[side], scanned[side].tree, need, 4, side);
    for (const entry of read) if (entry.hash !== undefined) proof.comparedBytes += entry.size;
    scanned[side].problems.push(...problems);
    for (const problem of problems) unread.add(toKey(problem.path, config.caseInsensitive));
  }
  for (const key of candidates) {
    const fact = facts.get(key)!;
    if (unread.has(key)) facts.delete(key);
    else facts.set(key, derive(key, fact.base, fact.left, fact.right, fact.scope, opts));
  }
  proof.compared = candidates.size - unread.size;
  return proof;
}
