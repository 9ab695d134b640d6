import type { Config } from '../config/config.js';
import type { BaseRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';
import { hashEntries } from '../scan/hash.js';
import type { ScanResult } from '../scan/scanner.js';

/**
 * hashWhereNeeded fills content hashes on the configured sides: a file whose size and mtime match its base
 * record reuses the recorded hash (unless verifyAll), so only changed files are read.
 */
export async function hashWhereNeeded(
  config: Config, scanned: { left: ScanResult; right: ScanResult }, base: ReadonlyMap<Key, BaseRecord>, fs?: Record<Side, FsPort>,
): Promise<void> {
  if (!config.hash.enabled) return;
  for (const side of config.hash.sides) {
    const result = scanned[side];
    const root = config[side];
    const need = (key: Key, entry: { size: number; mtimeMs: number; hash?: string }) => {
      const was = base.get(key)?.[side];
      if (!config.hash.verifyAll && was?.hash && was.size === entry.size && was.mtimeMs === entry.mtimeMs) {
        entry.hash = was.hash;
        return false;
      }
      return true;
    };
    const problems: Problem[] = await hashEntries(root, result.tree, need, 4, side, fs?.[side]);
    result.problems.push(...problems.map((p) => ({ ...p, side })));
  }
}
