import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { FsPort } from '../ports/fs.js';
import type { Logger } from '../ports/log.js';
import type { ScanResult } from '../scan/scanner.js';
import { SIDES, type Side } from '../model/side.js';

/**
 * sweepTemps removes the engine's own temp files a crash left behind (the scan found them by their prefix).
 * They never hold a real name's only copy: a copy renames its temp over the target only when complete.
 */
export async function sweepTemps(config: Config, scanned: Record<Side, ScanResult>, log: Logger, fs: Record<Side, FsPort>): Promise<number> {
  let removed = 0;
  for (const side of SIDES) {
    for (const rel of scanned[side].temps) {
      try {
        await fs[side].unlink(join(config[side], ...rel.split('/')));
        removed++;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') log.warn(`cannot remove leftover temp file ${side}:${rel}`, { code });
      }
    }
  }
  if (removed) log.info(`removed ${removed} temp file(s) left by an interrupted run`);
  return removed;
}
