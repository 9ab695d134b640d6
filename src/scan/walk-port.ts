import { resolve } from 'node:path';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import type { FsPort, FsStat } from '../ports/fs.js';
import type { Columns } from './columns.js';
import { endWalk, errno, failed, listFolder, newWalk, place, rootStop, unlistable, withSep, type Visit, type Walk, type WalkOutcome, type WalkSpec } from './walk-core.js';

/**
 * walkPort lists one root through a file-system port, on the calling thread: the same listing, order and
 * batches as walkSync, with every read a port call, so a decorated port (the case-insensitive view of
 * Windows semantics, fault injection) sees the scan as it sees the executor. Slower than walkSync on a
 * worker thread (a promise per call); the scanner uses it only for ports that are not the native disk.
 */
export async function walkPort(spec: WalkSpec, fs: FsPort, sink: (batch: Columns) => void): Promise<WalkOutcome> {
  const root = resolve(spec.root);
  const names = await openRoot(spec.side, root, fs);
  const walk = newWalk(spec, sink);
  await walkFolder(walk, fs, withSep(root), '', '', -1, names);
  return endWalk(walk);
}

/** checkRootThrough throws the SafetyStop a walk of `root` through `fs` would throw, walking nothing. */
export async function checkRootThrough(side: Side, root: string, fs: FsPort): Promise<void> {
  await openRoot(side, resolve(root), fs);
}

// As walkSync's: a root that is gone or unlistable stops the pass. The port's stat does not follow links, so a
// linked root is judged by listing it, as the native walk's stat (which follows) would.
async function openRoot(side: Side, root: string, fs: FsPort): Promise<string[]> {
  let stat: FsStat | null;
  try {
    stat = await fs.stat(root);
  } catch (err) {
    throw rootStop('rootUnreadable', side, root, `cannot be read (${errno(err)})`);
  }
  if (!stat) throw rootStop('rootMissing', side, root, 'is missing (not mounted?)');
  if (stat.type !== 'dir' && stat.type !== 'symlink') throw rootStop('rootMissing', side, root, 'is not a folder');
  try {
    return await names(fs, root);
  } catch (err) {
    const code = errno(err);
    if (code === 'ENOENT') throw rootStop('rootMissing', side, root, 'is missing (not mounted?)');
    if (code === 'ENOTDIR') throw rootStop('rootMissing', side, root, 'is not a folder');
    throw rootStop('rootUnreadable', side, root, `cannot be listed (${code})`);
  }
}

async function names(fs: FsPort, dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).map((d) => d.name);
}

// A folder's names are stat'ed together (the port's calls are async), then listed in order as walkSync does.
async function walkFolder(walk: Walk, fs: FsPort, prefix: string, relDir: string, keyDir: Key, parent: number, list: string[]): Promise<void> {
  const stats = new Map<string, FsStat | null | Error>();
  await Promise.all(list.map(async (name) => {
    stats.set(name, await fs.stat(prefix + name).catch((err: Error) => err));
  }));
  const visit: Visit = (w, _abs, rel, key, name, p) => {
    const stat = stats.get(name);
    if (stat instanceof Error) {
      failed(w, rel, key, stat, 'cannot be read');
      return 'none';
    }
    // Gone between the listing and the stat.
    if (!stat) return 'none';
    return place(w, rel, name, p, stat.type, stat.size, stat.mtimeMs, stat.mode, stat.ino);
  };
  for (const d of listFolder(walk, prefix, relDir, keyDir, parent, list, visit)) {
    let inner: string[];
    try {
      inner = await names(fs, prefix + d.name);
    } catch (err) {
      unlistable(walk, d.rel, d.key, err);
      continue;
    }
    await walkFolder(walk, fs, withSep(prefix + d.name), d.rel, d.key, d.index, inner);
  }
}
