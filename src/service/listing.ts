import { lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { Entry, Tree } from '../model/entry.js';
import { SafetyStop } from '../model/errors.js';
import { isUnder, parentKey, toKey, type Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Side } from '../model/side.js';
import { compileIgnore, ignoresPath, type IgnoreMatcher } from '../scan/ignore.js';
import { scanSide, type ScanOptions, type ScanResult } from '../scan/scanner.js';
import { ScanTree } from '../scan/scan-tree.js';
import type { DirtyPath } from '../watch/debounce.js';

/** Patched is what re-reading a batch of dirty paths changed: the keys to reconcile and the problems met. */
export interface Patched {
  /** Keys whose listing was re-read; a folder key stands for everything under it. */
  keys: Key[];
  problems: Problem[];
}

/**
 * Listing is one side's tree kept in memory by the service between passes. A full scan fills it; watcher
 * events patch it by re-reading only the paths they name (a stat per file, a walk per changed folder), so a
 * pass over one edited file costs in proportion to the change, not to the tree.
 */
export class Listing {
  tree: Tree;
  /** Folders whose content could not be read completely (see ScanResult.incomplete). */
  incomplete: Set<Key>;
  private readonly ignore: IgnoreMatcher;

  constructor(readonly side: Side, private readonly scan: ScanOptions, first: ScanResult) {
    this.ignore = compileIgnore(scan.ignore);
    this.tree = first.tree;
    this.incomplete = new Set(first.incomplete);
  }

  /** replace takes a full scan's result as the new listing. */
  replace(result: ScanResult): void {
    this.tree = result.tree;
    this.incomplete = new Set(result.incomplete);
  }

  /** asScan presents the listing as a scan result, for the same pass code a one-shot sync runs. */
  asScan(problems: Problem[] = []): ScanResult {
    const files = countFiles(this.tree);
    return { side: this.side, tree: this.tree, problems, incomplete: [...this.incomplete], temps: [], files, dirs: this.tree.size - files, ms: 0 };
  }

  /** patch re-reads the given paths of this side and returns the keys to reconcile. */
  async patch(paths: readonly DirtyPath[]): Promise<Patched> {
    const out: Patched = { keys: [], problems: [] };
    for (const p of paths) if (p.side === this.side && p.rel !== '') await this.patchOne(p.rel, p.subtree, out);
    return out;
  }

  private async patchOne(rel: string, subtree: boolean, out: Patched): Promise<void> {
    if (ignoresPath(this.ignore, rel, false)) return;
    const key = toKey(rel, this.scan.caseInsensitive);
    const parent = parentKey(key);
    // A path whose folder the listing does not know (an event missed): re-read from that folder down.
    if (parent !== '' && this.tree.get(parent)?.type !== 'dir' && rel.includes('/')) {
      return this.patchOne(rel.slice(0, rel.lastIndexOf('/')), true, out);
    }
    let st: Stats | undefined;
    try {
      st = lstatSync(this.abs(rel), { throwIfNoEntry: false });
    } catch (err) {
      out.problems.push({ path: rel, side: this.side, code: (err as NodeJS.ErrnoException).code ?? 'error', message: `cannot be read: ${(err as Error).message}` });
      return;
    }
    out.keys.push(key);
    const old = this.tree.get(key);
    if (old && old.rel !== rel && this.isOtherEntry(old, st)) {
      out.problems.push({ path: rel, side: this.side, code: 'caseCollision', message: `same key as ${JSON.stringify(old.rel)}: kept that one, skipped this one` });
      out.keys.pop();
      return;
    }
    if (!st || !(st.isFile() || st.isDirectory()) || ignoresPath(this.ignore, rel, st.isDirectory())) {
      if (st?.isSymbolicLink()) out.problems.push({ path: rel, side: this.side, code: 'symlink', message: 'symbolic link or junction: not followed, not synced' });
      this.drop(key);
      return;
    }
    if (st.isFile()) {
      if (old?.type === 'dir') this.drop(key);
      this.tree.set(key, entryOf(rel, st));
      return;
    }
    const sameFolder = old?.type === 'dir' && old.ino === st.ino;
    this.tree.set(key, entryOf(rel, st));
    if (!sameFolder || subtree) await this.rescan(rel, key, out);
  }

  /** A different spelling of the key that still exists as another entry is a case collision, not a rename. */
  private isOtherEntry(old: Entry, st: Stats | undefined): boolean {
    const was = lstatSync(this.abs(old.rel), { throwIfNoEntry: false });
    return !!was && (!st || was.ino !== st.ino);
  }

  private async rescan(rel: string, key: Key, out: Patched): Promise<void> {
    let result: ScanResult;
    try {
      result = await scanSide({ ...this.scan, from: { rel, key } });
    } catch (err) {
      if (err instanceof SafetyStop) throw err;
      // Gone or unreadable since its stat: nothing under it may be read as deleted until it can be listed.
      out.problems.push({ path: rel, side: this.side, code: 'error', message: `folder cannot be listed: ${(err as Error).message}` });
      this.incomplete.add(key);
      return;
    }
    this.dropUnder(key);
    for (const [k, e] of result.tree) this.tree.set(k, e);
    for (const k of result.incomplete) this.incomplete.add(k);
    out.problems.push(...result.problems);
  }

  /** drop removes a key and, for a folder, everything under it. */
  private drop(key: Key): void {
    const old = this.tree.get(key);
    this.tree.delete(key);
    this.incomplete.delete(key);
    if (old?.type === 'dir') this.dropUnder(key);
  }

  private dropUnder(key: Key): void {
    const prefix = `${key}/`;
    for (const k of this.tree.keys()) if (k.startsWith(prefix)) this.tree.delete(k);
    for (const k of this.incomplete) if (isUnder(k, key) && k !== key) this.incomplete.delete(k);
  }

  private abs(rel: string): string {
    return join(this.scan.root, ...rel.split('/'));
  }
}

function entryOf(rel: string, st: Stats): Entry {
  return { rel, type: st.isDirectory() ? 'dir' : 'file', size: st.isFile() ? st.size : 0, mtimeMs: Math.floor(st.mtimeMs), mode: st.mode & 0o7777, ino: st.ino };
}

/** countFiles counts a listing's files, from a ScanTree's columns when it is one (a pass per batch must not read every row). */
function countFiles(tree: Tree): number {
  if (tree instanceof ScanTree) return tree.fileCount();
  let files = 0;
  for (const e of tree.values()) if (e.type === 'file') files++;
  return files;
}
