import type { Config } from '../config/config.js';
import type { BaseRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
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
    const need = (key: Key, entry: { size: number; mtimeMs: number; hash?: string }) => {
      const was = base.get(key)?.[side];
      if (!config.hash.verifyAll && was?.hash && was.size === entry.size && was.mtimeMs === entry.mtimeMs) {
        entry.hash = was.hash;
        return false;
      }
      reads.hashed++;
      reads.hashedBytes += entry.size;
      return true;
    };
    const problems: Problem[] = await hashEntries(root, result.tree, need, 4);
    result.problems.push(...problems.map((p) => ({ ...p, side })));
  }
  return reads;
}

/** readCounts keeps the non-zero read counts, for a pass's summary. */
export function readCounts(reads: Reads): Record<string, number> {
  return Object.fromEntries(Object.entries(reads).filter(([, n]) => n > 0));
}
