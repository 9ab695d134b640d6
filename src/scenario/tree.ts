import type { FileSpec, TreeLiteral } from './format.js';
import { EPOCH, formatTime, parseTime, sameSecond } from './time.js';

/** A file as the runner writes or reads it; mtime and mode are undefined when an expectation leaves them open. */
export interface FlatFile {
  type: 'file';
  content: string;
  mtimeMs?: number;
  mode?: number;
}

export interface FlatDir {
  type: 'dir';
}

export type FlatEntry = FlatFile | FlatDir;

/** FlatTree maps relative paths ('/' separated, no trailing '/') to entries; every folder has its own entry. */
export type FlatTree = Map<string, FlatEntry>;

/** DEFAULT_FILE_MODE and DEFAULT_DIR_MODE are what scenario files and folders are written with unless they say otherwise. */
export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIR_MODE = 0o755;

// Long runs of one character are how scenarios make files of a given size; write them back the same way.
const REPEAT_FROM = 64;

/** parseMode reads an octal mode string such as '644' or '0600'. */
export function parseMode(text: string): number {
  return parseInt(text, 8);
}

/** fileOf turns a file literal into a flat file (mtime and mode only when the literal gives them). */
export function fileOf(spec: FileSpec): FlatFile {
  if (typeof spec === 'string') return { type: 'file', content: spec };
  const file: FlatFile = { type: 'file', content: (spec.content ?? '').repeat(spec.repeat ?? 1) };
  if (spec.mtime !== undefined) file.mtimeMs = parseTime(spec.mtime);
  if (spec.mode !== undefined) file.mode = parseMode(spec.mode);
  return file;
}

/** flattenTree lists a tree literal as paths (pure); `into` lets a later tree add to or replace an earlier one. */
export function flattenTree(literal: TreeLiteral | undefined, into: FlatTree = new Map(), prefix = ''): FlatTree {
  for (const [name, value] of Object.entries(literal ?? {})) {
    const isDir = name.endsWith('/');
    const rel = prefix + (isDir ? name.slice(0, -1) : name);
    const previous = into.get(rel);
    // A file replacing a folder (or the reverse) must not keep the old folder's children.
    if (previous && previous.type !== (isDir ? 'dir' : 'file')) {
      for (const key of [...into.keys()]) if (key.startsWith(`${rel}/`)) into.delete(key);
    }
    if (isDir) {
      into.set(rel, { type: 'dir' });
      flattenTree(value as TreeLiteral, into, `${rel}/`);
    } else {
      into.set(rel, fileOf(value as FileSpec));
    }
  }
  return into;
}

/** GoldenStyle says which details a tree literal written back should spell out. */
export interface GoldenStyle {
  /** Write the mtime of files whose mtime is not the epoch. */
  mtimes: boolean;
  /** Write the mode of files whose mode is not DEFAULT_FILE_MODE (POSIX only). */
  modes: boolean;
}

/** toLiteral writes a flat tree back as a tree literal, names sorted (pure). */
export function toLiteral(tree: FlatTree, style: GoldenStyle): TreeLiteral {
  const root: TreeLiteral = {};
  const folders = new Map<string, TreeLiteral>([['', root]]);
  for (const rel of [...tree.keys()].sort(byPath)) {
    const entry = tree.get(rel)!;
    const slash = rel.lastIndexOf('/');
    const parent = folders.get(slash < 0 ? '' : rel.slice(0, slash)) ?? root;
    const name = rel.slice(slash + 1);
    if (entry.type === 'dir') {
      const folder: TreeLiteral = {};
      folders.set(rel, folder);
      parent[`${name}/`] = folder;
    } else {
      parent[name] = fileLiteral(entry, style);
    }
  }
  return root;
}

function fileLiteral(file: FlatFile, style: GoldenStyle): FileSpec {
  const spec: Exclude<FileSpec, string> = {};
  const first = file.content[0];
  if (file.content.length >= REPEAT_FROM && file.content === first.repeat(file.content.length)) {
    spec.content = first;
    spec.repeat = file.content.length;
  } else {
    spec.content = file.content;
  }
  if (style.mtimes && file.mtimeMs !== undefined && !sameSecond(file.mtimeMs, EPOCH)) spec.mtime = formatTime(file.mtimeMs);
  if (style.modes && file.mode !== undefined && file.mode !== DEFAULT_FILE_MODE) spec.mode = file.mode.toString(8).padStart(3, '0');
  return Object.keys(spec).length === 1 ? file.content : spec;
}

/** byPath orders paths segment by segment, so a folder's children follow it directly. */
export function byPath(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** sameTree tells whether two flat trees hold the same paths, types, contents, mtimes (to the second) and modes. */
export function sameTree(a: FlatTree, b: FlatTree): boolean {
  if (a.size !== b.size) return false;
  for (const [rel, x] of a) {
    const y = b.get(rel);
    if (!y || y.type !== x.type) return false;
    if (x.type === 'file' && y.type === 'file' && (x.content !== y.content || !sameSecond(x.mtimeMs ?? 0, y.mtimeMs ?? 0) || x.mode !== y.mode)) return false;
  }
  return true;
}
