import { readFileSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Tree } from '../model/entry.js';
import { other, SIDES, type Side } from '../model/side.js';
import { scanBoth } from '../scan/scanner.js';
import { diskVerdict, inotifyVerdict, longPathVerdict } from './verdicts.js';
import { result, type CheckResult } from './types.js';

/** Listing is what the tree checks read of both sides: the trees a pass would see. */
export type Listing = Record<Side, Tree>;

/** listBoth scans both roots exactly as a pass does (same ignore rules, same walker). */
export async function listBoth(config: Config): Promise<Listing> {
  const scans = await scanBoth(config);
  return { left: scans.left.tree, right: scans.right.tree };
}

/** checkInotify (Linux) compares the folders of both roots with fs.inotify.max_user_watches, read from /proc. */
export function checkInotify(config: Config, listing: Listing, proc = '/proc/sys/fs/inotify/max_user_watches'): CheckResult {
  const title = 'inotify watches for every folder';
  if (process.platform !== 'linux') return result('inotify', title, 'skip', 'Linux only');
  if (!config.watch.enabled) return result('inotify', title, 'skip', 'watch.enabled is false');
  let folders = 2; // the roots themselves
  for (const side of SIDES) for (const entry of listing[side].values()) if (entry.type === 'dir') folders++;
  const max = Number(readFileSync(proc, 'utf8').trim());
  return inotifyVerdict(folders, max);
}

/** checkLongPaths measures every path as it is, and as it would be, on each root. */
export function checkLongPaths(config: Config, listing: Listing): CheckResult {
  const lengths: { path: string; length: number }[] = [];
  const seen = new Set<string>();
  for (const side of SIDES) {
    for (const [key, entry] of listing[side]) {
      if (seen.has(key)) continue;
      seen.add(key);
      for (const root of [config.left, config.right]) {
        const path = join(root, entry.rel);
        lengths.push({ path, length: path.length });
      }
    }
  }
  return longPathVerdict(lengths);
}

/** checkDisk asks each root's file system (fs.statfs) for the free space a temp copy of the other side's largest file needs. */
export function checkDisk(config: Config, listing: Listing): CheckResult[] {
  const results: CheckResult[] = [];
  for (const side of SIDES) {
    let largest = 0;
    for (const entry of listing[other(side)].values()) if (entry.size > largest) largest = entry.size;
    try {
      results.push(diskVerdict(side, config[side], freeBytes(config[side]), largest));
    } catch (err) {
      results.push(result(`disk.${side}`, `free space on the ${side} root`, 'warn', `${config[side]}: statfs failed (${(err as Error).message})`));
    }
  }
  return results;
}

function freeBytes(folder: string): number {
  const s = statfsSync(folder);
  return s.bavail * s.bsize;
}
