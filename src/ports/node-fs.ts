import * as fss from 'node:fs';
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

/** CopyLimits shape every copy of one port: a bandwidth gate awaited per chunk, and a signal that aborts it mid-file. */
export interface CopyLimits {
  /** Resolves when `bytes` more may be written (a shared token bucket); rejects to abort the copy. */
  throttle?: (bytes: number, signal?: AbortSignal) => Promise<void>;
  /** Aborts copies in flight (service shutdown); the copy handler then removes its temp file. */
  signal?: AbortSignal;
}

/**
 * NodeFsOptions choose how calls reach the disk. `blocking` makes the small calls (stat, rename, utimes, chmod,
 * mkdir, unlink, …) synchronous: each async call is a hand-off to libuv's thread pool and back, which costs
 * about twice the CPU of the call itself and, on a loaded machine, a context switch each way; a one-shot pass
 * copying 90k small files makes 600k of them. The event loop is still given a turn every YIELD_MS (signals,
 * timers, progress). Copies stay on the thread pool, `transfer.concurrency` of them at once: there the kernel's
 * work of creating and filling files runs on the other cores beside this thread's small calls (20,000 small files
 * on 2 cores: 8.5–9.4 s copied in place, 6.3–6.4 s on the pool, for ~10% more CPU). Only for one-shot commands: a
 * service keeps every call asynchronous (its health endpoint must answer).
 */
export interface NodeFsOptions { blocking?: boolean }

/** YIELD_MS bounds how long blocking calls hold the event loop before it gets a turn. */
const YIELD_MS = 20;

/** nodeFs is the FsPort on the real disk (node:fs/promises), with hard links. */
export function nodeFs(limits: CopyLimits = {}, options: NodeFsOptions = {}): FsPort & LinkCapable {
  const port = asyncPort(limits);
  // A bandwidth gate or a stop signal means a long-running caller: every call stays asynchronous.
  return options.blocking && !limits.throttle && !limits.signal ? { ...port, ...blockingCalls() } : port;
}

/** COPY_EXCL makes fs.copyFile create its target exclusively (O_EXCL; CopyFile with fail-if-exists on Windows). */
const COPY_EXCL = fss.constants.COPYFILE_EXCL;

function asyncPort(limits: CopyLimits): FsPort & LinkCapable {
  const streaming = !!(limits.throttle || limits.signal);
  return {
    native: true,
    // A stream's write side creates the file with the default mode; fs.copyFile copies the source's.
    copyKeepsMode: !streaming,
    stat: statOrNull,
    readdir: async (path) => (await fsp.readdir(path, { withFileTypes: true })).map(toDirent),
    mkdir: async (path, recursive = false) => {
      await fsp.mkdir(path, { recursive });
    },
    rename: (from, to) => fsp.rename(from, to),
    unlink: (path) => fsp.unlink(path),
    rmdir: (path) => fsp.rmdir(path),
    // Without a bandwidth gate or a stop signal, one fs.copyFile (a single thread-pool job: open both, copy in the
    // kernel, close) replaces the stream's seven calls and its ticks: most of an initial copy's time at 90k small files.
    copyFile: (src, dst, onBytes) => (streaming ? streamCopy(src, dst, onBytes, limits) : fsp.copyFile(src, dst, COPY_EXCL)),
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

/** blockingCalls are the synchronous twins of the port's small calls (see NodeFsOptions). */
function blockingCalls(): Partial<FsPort & LinkCapable> {
  let turn = performance.now();
  const call = async <T>(fn: () => T): Promise<T> => {
    if (performance.now() - turn > YIELD_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
    return fn();
  };
  return {
    stat: (path) => call(() => statSyncOrNull(path)),
    readdir: (path) => call(() => fss.readdirSync(path, { withFileTypes: true }).map(toDirent)),
    mkdir: (path, recursive = false) => call(() => void fss.mkdirSync(path, { recursive })),
    rename: (from, to) => call(() => fss.renameSync(from, to)),
    unlink: (path) => call(() => fss.unlinkSync(path)),
    rmdir: (path) => call(() => fss.rmdirSync(path)),
    setMtime: (path, mtimeMs) => call(() => {
      const t = (mtimeMs + 0.5) / 1000;
      fss.utimesSync(path, t, t);
    }),
    chmod: (path, mode) => call(() => fss.chmodSync(path, mode)),
    link: (existing, newPath) => call(() => fss.linkSync(existing, newPath)),
  };
}

/** nodeFsSides is the native port on both sides: what a pass uses unless a test hands it a decorated one. */
export function nodeFsSides(limits: CopyLimits = {}, options: NodeFsOptions = {}): Record<Side, FsPort & LinkCapable> {
  const fs = nodeFs(limits, options);
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
  return toStat(st);
}

function statSyncOrNull(path: string): FsStat | null {
  let st: Stats | undefined;
  try {
    st = fss.lstatSync(path, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
  return st ? toStat(st) : null;
}

function toStat(st: Stats): FsStat {
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
async function streamCopy(src: string, dst: string, onBytes: ((n: number) => void) | undefined, limits: CopyLimits): Promise<void> {
  const { throttle, signal } = limits;
  await pipeline(
    createReadStream(src),
    async function* count(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        if (throttle) await throttle(chunk.length, signal);
        onBytes?.(chunk.length);
        yield chunk;
      }
    },
    createWriteStream(dst, { flags: 'wx' }),
    { signal },
  );
}
