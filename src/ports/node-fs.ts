import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Side } from '../model/side.js';
import type { FsDirent, FsPort, FsStat } from './fs.js';

/**
 * LinkCapable is an optional FsPort extra: a hard link lets the executor put an overwritten version in the
 * trash without a moment where the target name is empty. Not every disk has it (FAT, cloud drives).
 */
export interface LinkCapable {
  link(existing: string, newPath: string): Promise<void>;
}

/** canLink tells whether a port offers hard links. */
export function canLink(fs: FsPort): fs is FsPort & LinkCapable {
  return typeof (fs as Partial<LinkCapable>).link === 'function';
}

/** READ_CHUNK is readStream's chunk size: large enough to amortise the calls, as the hasher's own reads. */
const READ_CHUNK = 1024 * 1024;

/** nodeFs is the FsPort on the real disk (node:fs/promises), with hard links. */
export function nodeFs(): FsPort & LinkCapable {
  return {
    native: true,
    stat: statOrNull,
    readdir: async (path) => (await fsp.readdir(path, { withFileTypes: true })).map(toDirent),
    mkdir: async (path, recursive = false) => {
      await fsp.mkdir(path, { recursive });
    },
    rename: (from, to) => fsp.rename(from, to),
    unlink: (path) => fsp.unlink(path),
    rmdir: (path) => fsp.rmdir(path),
    copyFile: streamCopy,
    setMtime: (path, mtimeMs) => {
      // libuv truncates the double to whole microseconds, so X.123 s can land as X.122999 and read back as
      // one ms early half the time; half a millisecond on top makes floor(mtimeMs) exact.
      const t = (mtimeMs + 0.5) / 1000;
      return fsp.utimes(path, t, t);
    },
    chmod: (path, mode) => fsp.chmod(path, mode),
    readStream: (path) => createReadStream(path, { highWaterMark: READ_CHUNK }),
    link: (existing, newPath) => fsp.link(existing, newPath),
  };
}

/** nodeFsSides is the native port on both sides: what a pass uses unless a test hands it a decorated one. */
export function nodeFsSides(): Record<Side, FsPort & LinkCapable> {
  const fs = nodeFs();
  return { left: fs, right: fs };
}

async function statOrNull(path: string): Promise<FsStat | null> {
  let st: Stats;
  try {
    st = await fsp.lstat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
  return {
    type: typeOf(st),
    size: st.isFile() ? st.size : 0,
    // Whole ms, floored exactly as the scanner does, so stamps compare equal.
    mtimeMs: Math.floor(st.mtimeMs),
    mode: st.mode & 0o7777,
    ino: st.ino,
  };
}

function typeOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FsStat['type'] {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

function toDirent(d: { name: string; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FsDirent {
  return { name: d.name, type: typeOf(d) };
}

/** A stream pipeline rather than fs.copyFile: a bandwidth limiter slots in as one more stage. */
async function streamCopy(src: string, dst: string, onBytes?: (n: number) => void): Promise<void> {
  await pipeline(
    createReadStream(src),
    async function* count(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        onBytes?.(chunk.length);
        yield chunk;
      }
    },
    createWriteStream(dst),
  );
}
