import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { TEMP_PREFIX } from '../../src/config/config.js';
import { toKey } from '../../src/model/key.js';
import { caseInsensitive, resolvePath } from '../../src/ports/case-insensitive-fs.js';
import { nodeFs } from '../../src/ports/node-fs.js';

/*
 * A user model for the property test: operations on a small alphabet of names, applied to real folders.
 * Every write has unique content, so a version is known by its content alone.
 */
export type Side = 'left' | 'right';

export type Op =
  | { kind: 'write'; side: Side; path: string; quick?: boolean }
  | { kind: 'delete'; side: Side; path: string }
  | { kind: 'rename'; side: Side; from: string; to: string }
  | { kind: 'touch'; side: Side; path: string }
  | { kind: 'moveDir'; side: Side; from: string; to: string }
  | { kind: 'mkdir'; side: Side; dir: string }
  | { kind: 'rmdir'; side: Side; dir: string };

/** `z` is a file and a folder (type clashes). */
export const DIRS = ['x', 'x/y', 'z'] as const;
export const NAMES = ['a.txt', 'b.txt', 'c'] as const;
export const FILES: readonly string[] = [...NAMES, 'z', ...DIRS.flatMap((d) => NAMES.map((n) => `${d}/${n}`))];
/** Where a folder may be moved to (besides the other DIRS). */
export const DIR_TARGETS = ['w', 'x/w', 'z/w'] as const;
/** With caseInsensitive: false a run may also use names that differ from others only in case (other keys there). */
export const CASE_FILES: readonly string[] = ['A.txt', 'x/A.txt', 'X/a.txt'];
/** File names that differ from others only in case or Unicode form (café in NFC, in NFD as macOS writes it, upper case). */
export const FILE_VARIANTS: readonly string[] = ['A.txt', 'x/A.txt', 'caf\u00e9.txt', 'cafe\u0301.txt', 'CAF\u00c9.txt', 'x/cafe\u0301.txt'];
/** Folder names that differ only in case or Unicode form (Büro in NFC and NFD). */
export const FOLDER_VARIANTS: readonly string[] = ['X/a.txt', 'B\u00fcro/a.txt', 'Bu\u0308ro/b.txt'];
/** Every variant name an operation may pick; a run allows some of them (ModelSetup.variants). */
export const VARIANT_FILES: readonly string[] = [...new Set([...CASE_FILES, ...FILE_VARIANTS, ...FOLDER_VARIANTS])];

const side = fc.constantFrom<Side>('left', 'right');
const dir = fc.constantFrom(...DIRS);

/** opArb is one user operation on one side, on FILES and VARIANT_FILES; `folderMoves` adds folder renames. */
export function opArb(folderMoves = true): fc.Arbitrary<Op> {
  const file = fc.constantFrom(...FILES, ...VARIANT_FILES);
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), side, path: file, quick: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), side, path: file }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), side, from: file, to: file }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('touch' as const), side, path: file }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('mkdir' as const), side, dir }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rmdir' as const), side, dir }) },
    ...(folderMoves ? [{ weight: 1, arbitrary: fc.record({ kind: fc.constant('moveDir' as const), side, from: dir, to: fc.constantFrom(...DIRS, ...DIR_TARGETS) }) }] : []),
  );
}

/**
 * UserDisk is how a user's edits reach a root: straight onto the case-sensitive disk, or as on NTFS (through
 * the case-insensitive port), where writing `A.txt` over `a.txt` keeps `a.txt`, and renaming onto a case
 * variant replaces it.
 */
export interface UserDisk {
  /** The spelling on disk of an absolute path: existing segments as stored, the rest as given. */
  real(abs: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
}

/** plainDisk is the case-sensitive disk as it is. */
export const plainDisk: UserDisk = { real: async (abs) => abs, rename: async (from, to) => renameSync(from, to) };

/** ntfsDisk is the same disk with Windows name semantics. */
export function ntfsDisk(): UserDisk {
  const fs = caseInsensitive(nodeFs());
  return { real: (abs) => resolvePath(nodeFs(), abs), rename: (from, to) => fs.rename(from, to) };
}

/** How a model run is set up: its roots, clock, keys, disk, which sides hash, and where deletes go. */
export interface ModelSetup {
  roots: Record<Side, string>;
  start: number;
  /** The sync's keys fold case (config caseInsensitive). */
  caseInsensitive: boolean;
  /** The VARIANT_FILES this run's users may name; an operation on another is a no-op. */
  variants: readonly string[];
  disk: UserDisk;
  /** Sides where every edit of a file is quick and keeps the size, so only hashing can tell (keep it to hashed sides). */
  sameSize: readonly Side[];
  /**
   * With a graveyard (a folder outside both roots), deletes move entries there instead of removing them, so
   * their inode numbers stay taken: the file system cannot hand a deleted folder's inode to a new one.
   */
  graveyard: string | null;
}

/** QUICK_MS is how far a quick write moves a file's mtime: inside the sync's 2 s tolerance. */
const QUICK_MS = 1000;

/** UserModel applies operations to two roots and remembers what users wrote. */
export class UserModel {
  /** Virtual clock: every plain write is ≥ 3 s after the previous one, beyond the 2 s mtime tolerance. */
  clock: number;
  private n = 0;
  /** Contents written since the last sync. */
  writtenSinceSync = new Set<string>();
  private buried = 0;

  constructor(readonly setup: ModelSetup) {
    this.clock = setup.start;
  }

  get roots(): Record<Side, string> {
    return this.setup.roots;
  }

  private async remove(abs: string): Promise<void> {
    if (this.setup.graveyard === null) rmSync(abs, { recursive: true });
    else renameSync(abs, join(this.setup.graveyard, String(++this.buried)));
  }

  /** apply performs one operation; it is a no-op where it makes no sense (missing source, file in the way). */
  async apply(op: Op): Promise<boolean> {
    const root = this.roots[op.side];
    const paths = op.kind === 'rename' ? [op.from, op.to] : 'path' in op ? [op.path] : [];
    if (paths.some((p) => VARIANT_FILES.includes(p) && !this.setup.variants.includes(p))) return false;
    const at = (rel: string) => this.setup.disk.real(join(root, rel));
    switch (op.kind) {
      case 'write':
        return this.write(op.side, root, op.path, !!op.quick || this.setup.sameSize.includes(op.side));
      case 'delete':
        if ((await this.kind(root, op.path)) !== 'file') return false;
        await this.remove(await at(op.path));
        return true;
      case 'rename': {
        if (op.from === op.to || (await this.kind(root, op.from)) !== 'file' || !(await this.canHoldFile(root, op.to))) return false;
        // Only onto nothing, or onto the file itself in another spelling (a respelling).
        const from = await at(op.from);
        const to = await at(op.to);
        if ((await this.kind(root, op.to)) !== null && to !== from) return false;
        if (await this.makesTwin(root, op.to, from)) return false;
        await this.mkdirs(root, op.to);
        await this.setup.disk.rename(from, join(root, op.to));
        return true;
      }
      case 'touch':
        // An mtime-only change (content kept), ≥ 3 s forward.
        if ((await this.kind(root, op.path)) !== 'file') return false;
        this.clock += 3000;
        utimesSync(await at(op.path), this.clock / 1000, this.clock / 1000);
        return true;
      case 'moveDir':
        if (op.from === op.to || op.to.startsWith(`${op.from}/`) || (await this.kind(root, op.from)) !== 'dir' || (await this.kind(root, op.to)) !== null) return false;
        if (!(await this.noFileOnTheWay(root, op.to)) || (await this.makesTwin(root, op.to, await at(op.from)))) return false;
        await this.mkdirs(root, op.to);
        await this.setup.disk.rename(await at(op.from), join(root, op.to));
        return true;
      case 'mkdir':
        if (!(await this.noFileOnTheWay(root, op.dir)) || (await this.kind(root, op.dir)) === 'file' || (await this.makesTwin(root, op.dir))) return false;
        mkdirSync(await at(op.dir), { recursive: true });
        return true;
      case 'rmdir':
        if ((await this.kind(root, op.dir)) !== 'dir') return false;
        await this.remove(await at(op.dir));
        return true;
    }
  }

  /**
   * A plain write is ≥ 3 s after the last one. A quick one keeps the file's mtime within the tolerance; on a
   * `sameSize` side it also keeps the size (only a hash tells), elsewhere the size changes (without a hash
   * nothing else could tell).
   */
  private async write(side: Side, root: string, rel: string, quick: boolean): Promise<boolean> {
    if (!(await this.canHoldFile(root, rel)) || (await this.makesTwin(root, rel))) return false;
    const abs = await this.setup.disk.real(join(root, rel));
    const old = existsSync(abs) ? lstatSync(abs) : null;
    let content = `v${++this.n} ${side} ${rel}\n`;
    let mtime = (this.clock += 3000);
    if (quick && old) {
      mtime = Math.floor(old.mtimeMs) + QUICK_MS;
      const sameSize = this.setup.sameSize.includes(side) && content.length <= old.size;
      content = sameSize ? content.slice(0, -1).padEnd(old.size - 1, '~') + '\n' : content.slice(0, -1).padEnd(old.size, '+') + '\n';
    }
    await this.mkdirs(root, rel);
    writeFileSync(abs, content);
    utimesSync(abs, mtime / 1000, mtime / 1000);
    this.writtenSinceSync.add(content);
    return true;
  }

  private async mkdirs(root: string, rel: string): Promise<void> {
    mkdirSync(await this.setup.disk.real(join(root, rel, '..')), { recursive: true });
  }

  /**
   * makesTwin tells whether creating `rel` would put two names of one key in a folder (the scan then reports a
   * collision and syncs neither): a user who wants the other spelling renames. `moving` is the entry being
   * renamed, which is no twin of its own new name.
   */
  private async makesTwin(root: string, rel: string, moving?: string): Promise<boolean> {
    const parts = relative(root, await this.setup.disk.real(join(root, rel))).split(sep);
    let dir = root;
    for (const part of parts) {
      if (!existsSync(dir)) return false;
      const key = toKey(part, this.setup.caseInsensitive);
      if (readdirSync(dir).some((name) => name !== part && join(dir, name) !== moving && toKey(name, this.setup.caseInsensitive) === key)) return true;
      dir = join(dir, part);
    }
    return false;
  }

  private async canHoldFile(root: string, rel: string): Promise<boolean> {
    return (await this.noFileOnTheWay(root, rel)) && (await this.kind(root, rel)) !== 'dir';
  }

  /** No proper ancestor of rel is a file. */
  private async noFileOnTheWay(root: string, rel: string): Promise<boolean> {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if ((await this.kind(root, parts.slice(0, i).join('/'))) === 'file') return false;
    return true;
  }

  private async kind(root: string, rel: string): Promise<'file' | 'dir' | null> {
    try {
      const st = lstatSync(await this.setup.disk.real(join(root, rel)));
      return st.isDirectory() ? 'dir' : 'file';
    } catch {
      return null;
    }
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
  return `${op.side}: ${op.kind === 'write' && op.quick ? 'quick write' : op.kind} ${op.path}`;
}
