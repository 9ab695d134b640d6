import { rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { TEMP_PREFIX } from '../config/config.js';
import type { Side } from '../model/side.js';
import { ignoresPath, type IgnoreMatcher } from '../scan/ignore.js';
import { FolderWatcher } from './folder-watcher.js';

/** CANARY_PREFIX names the self-test file: a temp-file name, so no scan ever lists or syncs it. */
export const CANARY_PREFIX = `${TEMP_PREFIX}canary-`;

/**
 * WatchBackend is how a root is watched: `folders` is one plain `fs.watch` per folder (FolderWatcher), `chokidar`
 * the chokidar 6 library; `auto` (the default, `watch.backend`) takes `folders` on Linux, where chokidar 6 sets up
 * a watch per folder too but holds a record per file besides (measured: ~150 MiB and seconds of setup per
 * 20,000-file tree against a few MiB and 0.1 s), and chokidar elsewhere, where it uses the OS's one recursive
 * watch per root (ReadDirectoryChangesW on Windows, FSEvents on macOS).
 */
export type WatchBackend = 'auto' | 'folders' | 'chokidar';

/** backendFor resolves `auto` for this platform. */
export function backendFor(backend: WatchBackend, platform: NodeJS.Platform = process.platform): 'folders' | 'chokidar' {
  if (backend !== 'auto') return backend;
  return platform === 'linux' ? 'folders' : 'chokidar';
}

export interface SideWatcherOptions {
  side: Side;
  root: string;
  ignore: IgnoreMatcher;
  /** A path changed (relative, `/` separated); `subtree` when a folder appeared or vanished. */
  onPath: (rel: string, subtree: boolean) => void;
  /** The root itself vanished or came back. */
  onRoot: (present: boolean) => void;
  /** The watcher failed (overflow, too many watches, a denied folder): the side must be rescanned. */
  onError: (err: Error) => void;
}

/** SideWatcher watches one root (events only for changes after it is ready: the service scans for itself). */
export interface SideWatcher {
  readonly side: Side;
  /** selfTest writes a canary file at the root and tells whether its event arrived within `timeoutMs`; removes it either way. */
  selfTest(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** watchSide starts watching a root with the given backend (`auto` by default) and resolves once every folder is watched. */
export async function watchSide(opts: SideWatcherOptions, backend: WatchBackend = 'auto'): Promise<SideWatcher> {
  const canaries = new Map<string, () => void>();
  if (backendFor(backend) === 'folders') {
    const fw = new FolderWatcher(opts, (name) => name.startsWith(CANARY_PREFIX) && (canaries.get(name)?.(), true));
    await fw.start();
    return { side: opts.side, selfTest: (timeoutMs) => selfTest(opts.root, canaries, timeoutMs), close: async () => fw.close() };
  }
  return watchWithChokidar(opts, canaries);
}

/** watchWithChokidar resolves once chokidar has set up every folder's watch. */
async function watchWithChokidar(opts: SideWatcherOptions, canaries: Map<string, () => void>): Promise<SideWatcher> {
  const relOf = (path: string) => relative(opts.root, path).split(sep).join('/');
  const fsw: FSWatcher = watch(opts.root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignorePermissionErrors: false,
    ignored: (path, stats) => {
      const rel = relOf(path);
      if (rel === '' || basename(path).startsWith(CANARY_PREFIX)) return false;
      return ignoresPath(opts.ignore, rel, stats?.isDirectory() ?? false);
    },
  });
  const onEvent = (event: string, path: string) => {
    const rel = relOf(path);
    if (rel.startsWith(CANARY_PREFIX)) return void canaries.get(rel)?.();
    if (rel === '') return opts.onRoot(event === 'addDir');
    opts.onPath(rel, event === 'addDir' || event === 'unlinkDir');
  };
  fsw.on('all', onEvent);
  fsw.on('error', (err) => opts.onError(err instanceof Error ? err : new Error(String(err))));
  await new Promise<void>((resolve) => fsw.once('ready', () => resolve()));
  return {
    side: opts.side,
    selfTest: (timeoutMs) => selfTest(opts.root, canaries, timeoutMs),
    close: () => fsw.close(),
  };
}

async function selfTest(root: string, canaries: Map<string, () => void>, timeoutMs: number): Promise<boolean> {
  const name = `${CANARY_PREFIX}${process.pid}-${Date.now()}`;
  let timer: NodeJS.Timeout | undefined;
  const seen = new Promise<boolean>((resolve) => {
    canaries.set(name, () => resolve(true));
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    await writeFile(join(root, name), 'syncwarden watcher self-test; safe to delete\n');
    return await seen;
  } finally {
    clearTimeout(timer);
    canaries.delete(name);
    await rm(join(root, name), { force: true }).catch(() => undefined);
  }
}
