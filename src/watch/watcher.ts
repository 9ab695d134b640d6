import { rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { TEMP_PREFIX } from '../config/config.js';
import type { Side } from '../model/side.js';
import { ignoresPath, type IgnoreMatcher } from '../scan/ignore.js';

/** CANARY_PREFIX names the self-test file: a temp-file name, so no scan ever lists or syncs it. */
export const CANARY_PREFIX = `${TEMP_PREFIX}canary-`;

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

/** SideWatcher watches one root with chokidar (events only after `ready`: the service scans for itself). */
export interface SideWatcher {
  readonly side: Side;
  /** selfTest writes a canary file at the root and tells whether its event arrived within `timeoutMs`; removes it either way. */
  selfTest(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** watchSide starts watching a root and resolves once chokidar has set up every folder's watch. */
export async function watchSide(opts: SideWatcherOptions): Promise<SideWatcher> {
  const canaries = new Map<string, () => void>();
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
