import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Change } from './format.js';
import { EPOCH, parseTime } from './time.js';
import { DEFAULT_DIR_MODE, DEFAULT_FILE_MODE, fileOf, parseMode, type FlatEntry, type FlatFile, type FlatTree } from './tree.js';

/** WRITE_OFFSET_MS is the mtime a `write` change gets when it names none: an hour after the epoch, so it reads as modified. */
export const WRITE_OFFSET_MS = 3_600_000;

/** writeTree creates a flat tree under `root` with exact mtimes (the epoch unless given) and modes. */
export function writeTree(root: string, tree: FlatTree): void {
  // Parents sort before their children, so each folder exists before what goes in it.
  for (const rel of [...tree.keys()].sort()) {
    const entry = tree.get(rel)!;
    const abs = join(root, rel);
    if (entry.type === 'dir') {
      mkdirSync(abs, { recursive: true });
      chmodSync(abs, DEFAULT_DIR_MODE);
    } else {
      writeFile(abs, entry, EPOCH);
    }
  }
}

/** applyChange makes one scenario edit under `root`. */
export function applyChange(root: string, change: Change): void {
  const at = (rel: string) => join(root, rel);
  if (change.write !== undefined) {
    writeFile(at(change.write), fileOf({ content: change.content ?? '', repeat: change.repeat, mtime: change.mtime, mode: change.mode }), EPOCH + WRITE_OFFSET_MS);
  } else if (change.touch !== undefined) {
    const ms = parseTime(change.mtime!)!;
    utimesSync(at(change.touch), ms / 1000, ms / 1000);
  } else if (change.delete !== undefined) {
    if (!existsSync(at(change.delete))) throw new Error(`delete ${change.delete}: no such file or folder`);
    rmSync(at(change.delete), { recursive: true });
  } else if (change.rename !== undefined || change.move !== undefined) {
    const to = at(change.to!);
    mkdirSync(dirname(to), { recursive: true });
    renameSync(at((change.rename ?? change.move)!), to);
  } else if (change.chmod !== undefined) {
    chmodSync(at(change.chmod), parseMode(change.mode!));
  } else if (change.mkdir !== undefined) {
    mkdirSync(at(change.mkdir), { recursive: true });
  }
}

function writeFile(abs: string, file: FlatFile, defaultMtimeMs: number): void {
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, file.content);
  chmodSync(abs, file.mode ?? DEFAULT_FILE_MODE);
  const seconds = (file.mtimeMs ?? defaultMtimeMs) / 1000;
  utimesSync(abs, seconds, seconds);
}

/** readTree lists everything under `root` as a flat tree with contents, mtimes and modes; `skip` names top-level entries to leave out. */
export function readTree(root: string, skip: readonly string[] = []): FlatTree {
  const tree: FlatTree = new Map();
  if (existsSync(root)) walk(root, '', tree, skip);
  return tree;
}

function walk(abs: string, prefix: string, tree: FlatTree, skip: readonly string[]): void {
  for (const name of readdirSync(abs).sort()) {
    if (prefix === '' && skip.includes(name)) continue;
    const rel = prefix + name;
    const entry = readEntry(join(abs, name));
    tree.set(rel, entry);
    if (entry.type === 'dir') walk(join(abs, name), `${rel}/`, tree, skip);
  }
}

function readEntry(path: string): FlatEntry {
  const stat = lstatSync(path);
  if (stat.isDirectory()) return { type: 'dir' };
  // Symlinks and other specials read as files holding a marker, so an unexpected one is a visible mismatch.
  const content = stat.isFile() ? readFileSync(path, 'utf8') : `<${stat.isSymbolicLink() ? 'symlink' : 'special'}>`;
  return { type: 'file', content, mtimeMs: Math.round(stat.mtimeMs), mode: stat.mode & 0o7777 };
}

/**
 * readTrash lists a side's trash without its timestamp level: `<trash>/<YYYYMMDD-HHMMSS>/a/b.txt` reads as
 * `a/b.txt`, every run merged (a later run's version of a path wins).
 */
export function readTrash(trashDir: string): FlatTree {
  const merged: FlatTree = new Map();
  if (!existsSync(trashDir)) return merged;
  for (const run of readdirSync(trashDir).sort()) {
    const path = join(trashDir, run);
    const entry = readEntry(path);
    // A file straight in the trash folder is not where soft delete puts things; show it as it is.
    if (entry.type === 'file') merged.set(run, entry);
    else for (const [rel, inner] of readTree(path)) merged.set(rel, inner);
  }
  return merged;
}
