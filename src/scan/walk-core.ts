import { sep } from 'node:path';
import { TEMP_PREFIX } from '../config/config.js';
import { SafetyStop } from '../model/errors.js';
import { toKey, type Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Side } from '../model/side.js';
import type { FsStat } from '../ports/fs.js';
import { ColumnBuilder, type Columns } from './columns.js';
import { matcherOf, type IgnoreMatcher, type IgnoreRules } from './ignore-match.js';

/*
 * What a walk does with the names and stats it reads, whoever reads them: walkSync (walk.ts) with synchronous
 * node:fs calls on a worker thread, or walkPort (walk-port.ts) through an FsPort. Both produce the same batches.
 */

/** WalkSpec is one side's walk, as plain data so it can cross into a worker thread. */
export interface WalkSpec {
  side: Side;
  root: string;
  caseInsensitive: boolean;
  /** Compiled on the calling thread (ignoreRules), so the worker never loads the glob library. */
  ignore: IgnoreRules;
}

/** WalkOutcome is what a walk reports besides its listing (which goes to the sink in batches). */
export interface WalkOutcome {
  problems: Problem[];
  /** Keys of folders whose content may be partly missing (unreadable, or a colliding name skipped). */
  incomplete: Key[];
  /** Relative paths of the engine's own temp files (TEMP_PREFIX): left by a crash, never listed as entries. */
  temps: string[];
}

/** Walk is one walk's state, shared by the two drivers. */
export interface Walk {
  spec: WalkSpec;
  sink: (batch: Columns) => void;
  ignore: IgnoreMatcher;
  out: ColumnBuilder;
  problems: Problem[];
  incomplete: Key[];
  temps: string[];
}

/** newWalk starts a walk's state. */
export function newWalk(spec: WalkSpec, sink: (batch: Columns) => void): Walk {
  return { spec, sink, ignore: matcherOf(spec.ignore), out: new ColumnBuilder(), problems: [], incomplete: [], temps: [] };
}

/** endWalk hands out the last batch and reports how the walk went. */
export function endWalk(walk: Walk): WalkOutcome {
  const last = walk.out.take();
  if (last.count > 0) walk.sink(last);
  return { problems: walk.problems, incomplete: walk.incomplete, temps: walk.temps };
}

/** rootStop is the safety stop for a root that cannot be walked. */
export function rootStop(reason: string, side: Side, path: string, what: string): SafetyStop {
  return new SafetyStop(reason, `${side} root ${path} ${what}`, { side, path });
}

/** Kind is what a visited name turned out to be: `none` when it is not listed (gone, unreadable, a link). */
export type Kind = 'none' | 'file' | 'dir';

/** Subdir is a listed folder still to be entered, with its walk index (its entries' parent). */
export interface Subdir {
  name: string;
  rel: string;
  key: Key;
  index: number;
}

/** Visit stats one listed name and records it (through `place`): the one per-entry call a driver supplies. */
export type Visit = (walk: Walk, abs: string, rel: string, key: Key, name: string, parent: number) => Kind;

/**
 * listFolder lists one folder's names (sorted in place) into the walk and returns its subfolders, which the
 * driver enters next, in order. `prefix` is the folder's absolute path ending in a separator; `relDir`/`keyDir`
 * its rel and key ('' at the root). A folder's entries are listed first, as one text chunk, and its subfolders
 * entered after: parents still precede children, and the per-entry strings die young instead of piling up in
 * the old generation. Keys are built one segment at a time (NFC and case folding work per segment, as '/'
 * never composes or changes case), so no path is re-read per entry and deep trees stay linear.
 */
export function listFolder(walk: Walk, prefix: string, relDir: string, keyDir: Key, parent: number, names: string[], visit: Visit): Subdir[] {
  names.sort();
  const kept = names.length > 1 ? new Map<Key, string>() : null;
  const ci = walk.spec.caseInsensitive;
  const outNames: string[] = [];
  const outKeys: Key[] = [];
  const subdirs: Subdir[] = [];
  for (const name of names) {
    const rel = relDir === '' ? name : `${relDir}/${name}`;
    if (walk.ignore.name(rel, name)) {
      if (name.startsWith(TEMP_PREFIX)) walk.temps.push(rel);
      continue;
    }
    const nameKey = toKey(name, ci);
    const key = keyDir === '' ? nameKey : `${keyDir}/${nameKey}`;
    const first = kept?.get(nameKey);
    if (first !== undefined) {
      collision(walk, rel, key, first);
      continue;
    }
    const index = walk.out.count;
    const kind = visit(walk, prefix + name, rel, key, name, parent);
    if (kind === 'none') continue;
    kept?.set(nameKey, rel);
    if (kind === 'dir') subdirs.push({ name, rel, key, index });
    outNames.push(name);
    outKeys.push(nameKey);
  }
  walk.out.text(outNames, outKeys);
  if (walk.out.full) walk.sink(walk.out.take());
  return subdirs;
}

/** unlistable records a folder that cannot be listed: its content is left as it was. */
export function unlistable(walk: Walk, rel: string, key: Key, err: unknown): void {
  failed(walk, rel, key, err, 'folder cannot be listed; its content is left as it was');
}

/** place records one stat'ed entry (mtime in whole ms, mode the permission bits); links and specials become problems. */
export function place(walk: Walk, rel: string, name: string, parent: number, type: FsStat['type'], size: number, mtimeMs: number, mode: number, ino: number): Kind {
  // ino: NTFS file ids above 2^53 lose low bits as a JS number; pair moves on more than ino alone.
  if (type === 'file') {
    walk.out.add(parent, false, size, mtimeMs, mode, ino);
    return 'file';
  }
  if (type === 'dir') {
    if (walk.ignore.dir(rel, name)) return 'none';
    walk.out.add(parent, true, 0, mtimeMs, mode, ino);
    return 'dir';
  }
  const link = type === 'symlink';
  walk.problems.push({
    path: rel, side: walk.spec.side, code: link ? 'symlink' : 'special',
    message: link ? 'symbolic link or junction: not followed, not synced' : 'not a regular file or folder (device, FIFO or socket): not synced',
  });
  return 'none';
}

function collision(walk: Walk, rel: string, key: Key, first: string): void {
  walk.problems.push({
    path: rel, side: walk.spec.side, code: 'caseCollision',
    message: `same key as ${JSON.stringify(first)} (names differ only in case or Unicode form): kept the first, skipped this one`,
  });
  walk.incomplete.push(key);
}

/** failed records a path the walk could not read and marks it incomplete, so no delete is inferred below it. */
export function failed(walk: Walk, rel: string, key: Key, err: unknown, what: string): void {
  walk.problems.push({ path: rel, side: walk.spec.side, code: errno(err), message: `${what}: ${(err as Error).message}` });
  walk.incomplete.push(key);
}

/** errno is an error's code, or `error`. */
export function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? 'error';
}

/** withSep ends a folder path in the separator; a drive root ('P:\\', '/') already does. */
export function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep;
}
