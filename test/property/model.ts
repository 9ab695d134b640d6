import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TEMP_PREFIX } from '../../src/config/config.js';

/*
 * A user model for the property test: operations on a small alphabet of names, applied to real folders.
 * Every write has unique content, so a version is known by its content alone.
 */
export type Side = 'left' | 'right';

export type Op =
  | { kind: 'write'; side: Side; path: string }
  | { kind: 'delete'; side: Side; path: string }
  | { kind: 'rename'; side: Side; from: string; to: string }
  | { kind: 'touch'; side: Side; path: string }
  | { kind: 'moveDir'; side: Side; from: string; to: string }
  | { kind: 'mkdir'; side: Side; dir: string }
  | { kind: 'rmdir'; side: Side; dir: string };

/** No two names differ only in case: the runs use the default caseInsensitive: true. `z` is a file and a folder (type clashes). */
export const DIRS = ['x', 'x/y', 'z'] as const;
export const NAMES = ['a.txt', 'b.txt', 'c'] as const;
export const FILES: readonly string[] = [...NAMES, 'z', ...DIRS.flatMap((d) => NAMES.map((n) => `${d}/${n}`))];
/** Where a folder may be moved to (besides the other DIRS). */
export const DIR_TARGETS = ['w', 'x/w', 'z/w'] as const;
/** With caseInsensitive: false a run may also use names that differ from others only in case. */
export const CASE_FILES: readonly string[] = ['A.txt', 'x/A.txt', 'X/a.txt'];

const side = fc.constantFrom<Side>('left', 'right');
const dir = fc.constantFrom(...DIRS);

/** opArb is one user operation on one side; `caseVariants` adds names differing only in case, `folderMoves` folder renames. */
export function opArb(caseVariants: boolean, folderMoves = true): fc.Arbitrary<Op> {
  const file = fc.constantFrom(...FILES, ...(caseVariants ? CASE_FILES : []));
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), side, path: file }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), side, path: file }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), side, from: file, to: file }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('touch' as const), side, path: file }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('mkdir' as const), side, dir }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rmdir' as const), side, dir }) },
    ...(folderMoves ? [{ weight: 1, arbitrary: fc.record({ kind: fc.constant('moveDir' as const), side, from: dir, to: fc.constantFrom(...DIRS, ...DIR_TARGETS) }) }] : []),
  );
}

/** UserModel applies operations to two roots and remembers what users wrote. */
export class UserModel {
  /** Virtual clock: every write is ≥ 3 s after the previous one, beyond the 2 s mtime tolerance. */
  clock: number;
  private n = 0;
  /** Contents written since the last sync. */
  writtenSinceSync = new Set<string>();

  private buried = 0;

  /**
   * With a `graveyard` (a folder outside both roots), deletes move entries there instead of removing them, so
   * their inode numbers stay taken: the file system cannot hand a deleted folder's inode to a new one.
   */
  constructor(readonly roots: Record<Side, string>, start: number, readonly caseVariants = false, readonly graveyard: string | null = null) {
    this.clock = start;
  }

  private remove(root: string, rel: string): void {
    if (this.graveyard === null) rmSync(join(root, rel), { recursive: true });
    else renameSync(join(root, rel), join(this.graveyard, String(++this.buried)));
  }

  /** apply performs one operation; it is a no-op where it makes no sense (missing source, file in the way). */
  apply(op: Op): boolean {
    const root = this.roots[op.side];
    const paths = op.kind === 'rename' ? [op.from, op.to] : 'path' in op ? [op.path] : [];
    if (!this.caseVariants && paths.some((p) => CASE_FILES.includes(p))) return false;
    switch (op.kind) {
      case 'write': {
        if (!this.canHoldFile(root, op.path)) return false;
        this.clock += 3000;
        const content = `v${++this.n} ${op.side} ${op.path}\n`;
        mkdirSync(join(root, op.path, '..'), { recursive: true });
        writeFileSync(join(root, op.path), content);
        utimesSync(join(root, op.path), this.clock / 1000, this.clock / 1000);
        this.writtenSinceSync.add(content);
        return true;
      }
      case 'delete':
        if (kind(root, op.path) !== 'file') return false;
        this.remove(root, op.path);
        return true;
      case 'rename':
        if (op.from === op.to || kind(root, op.from) !== 'file' || !this.canHoldFile(root, op.to) || kind(root, op.to) !== null) return false;
        mkdirSync(join(root, op.to, '..'), { recursive: true });
        renameSync(join(root, op.from), join(root, op.to));
        return true;
      case 'touch':
        // An mtime-only change (content kept), ≥ 3 s forward.
        if (kind(root, op.path) !== 'file') return false;
        this.clock += 3000;
        utimesSync(join(root, op.path), this.clock / 1000, this.clock / 1000);
        return true;
      case 'moveDir':
        if (op.from === op.to || op.to.startsWith(`${op.from}/`) || kind(root, op.from) !== 'dir' || kind(root, op.to) !== null) return false;
        if (!this.noFileOnTheWay(root, op.to)) return false;
        mkdirSync(join(root, op.to, '..'), { recursive: true });
        renameSync(join(root, op.from), join(root, op.to));
        return true;
      case 'mkdir':
        if (!this.noFileOnTheWay(root, op.dir) || kind(root, op.dir) === 'file') return false;
        mkdirSync(join(root, op.dir), { recursive: true });
        return true;
      case 'rmdir':
        if (kind(root, op.dir) !== 'dir') return false;
        this.remove(root, op.dir);
        return true;
    }
  }

  private canHoldFile(root: string, rel: string): boolean {
    return this.noFileOnTheWay(root, rel) && kind(root, rel) !== 'dir';
  }

  /** No proper ancestor of rel is a file. */
  private noFileOnTheWay(root: string, rel: string): boolean {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if (kind(root, parts.slice(0, i).join('/')) === 'file') return false;
    return true;
  }
}

function kind(root: string, rel: string): 'file' | 'dir' | null {
  try {
    const st = lstatSync(join(root, rel));
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Tree is a root's content: files (content, mtime) and folders, split into the live tree and the trash. */
export interface Tree { files: Map<string, { content: string; mtimeMs: number }>; dirs: Set<string>; trash: string[]; temps: string[] }

/** readTree lists a root; the trash folder's files are kept apart by content. */
export function readTree(root: string, trashFolder = '.sync_trash'): Tree {
  const tree: Tree = { files: new Map(), dirs: new Set(), trash: [], temps: [] };
  const walk = (rel: string, inTrash: boolean): void => {
    if (!existsSync(join(root, rel))) return;
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      const trash = inTrash || path === trashFolder;
      if (st.isDirectory()) {
        if (!trash) tree.dirs.add(path);
        walk(path, trash);
      } else if (name.startsWith(TEMP_PREFIX)) tree.temps.push(path);
      else if (trash) tree.trash.push(readFileSync(join(root, path), 'utf8'));
      else tree.files.set(path, { content: readFileSync(join(root, path), 'utf8'), mtimeMs: st.mtimeMs });
    }
  };
  walk('', false);
  return tree;
}

/** show renders a tree for a failure message. */
export function show(tree: Tree): string {
  const files = [...tree.files].map(([p, f]) => `${p}=${JSON.stringify(f.content.trim())}`);
  return `files {${files.join(', ')}} dirs {${[...tree.dirs].join(', ')}} trash [${tree.trash.map((c) => JSON.stringify(c.trim())).join(', ')}]`;
}

/** describeOp is an operation in a few words (for diagnostics). */
export function describeOp(op: Op): string {
  if (op.kind === 'rename' || op.kind === 'moveDir') return `${op.side}: rename ${op.from} → ${op.to}`;
  if (op.kind === 'mkdir' || op.kind === 'rmdir') return `${op.side}: ${op.kind} ${op.dir}`;
  return `${op.side}: ${op.kind} ${op.path}`;
}
