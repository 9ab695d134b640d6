import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { toKey } from '../../src/model/key.js';
import { DIR_TARGETS, DIRS, FILES, VARIANT_FILES } from './names.js';
import type { UserDisk } from './user-disk.js';

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

/** How a model run is set up: its roots, clock, keys, names, disk, same-size edits, and where deletes go. */
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

/** describeOp is an operation in a few words (for diagnostics). */
export function describeOp(op: Op): string {
  if (op.kind === 'rename' || op.kind === 'moveDir') return `${op.side}: rename ${op.from} → ${op.to}`;
  if (op.kind === 'mkdir' || op.kind === 'rmdir') return `${op.side}: ${op.kind} ${op.dir}`;
  return `${op.side}: ${op.kind === 'write' && op.quick ? 'quick write' : op.kind} ${op.path}`;
}
