import type { Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';
import type { Columns } from './columns.js';
import { decodeText } from './text-column.js';

/**
 * TreeAssembler builds a Tree from a walk's batches as they arrive, so the receiving thread's work
 * overlaps the walk instead of following it. Each path is its folder's path plus its name: a
 * folder always comes before its entries, so one pass suffices.
 */
export class TreeAssembler {
  readonly tree: Tree = new Map();
  files = 0;
  dirs = 0;
  // Per folder (by walk index), its path and key with the trailing '/': one concatenation per entry.
  private readonly relDirs: string[] = [];
  private readonly keyDirs: Key[] = [];
  // A subtree walk's top entries sit under its folder.
  private readonly relTop: string;
  private readonly keyTop: Key;

  constructor(from?: { rel: string; key: Key }) {
    this.relTop = from ? `${from.rel}/` : '';
    this.keyTop = from ? `${from.key}/` : '';
  }

  /** add puts one batch into the tree. */
  add(columns: Columns): void {
    if (columns.count === 0) return;
    if (columns.start !== this.relDirs.length) throw new Error(`scan batch out of order: ${columns.start} after ${this.relDirs.length} entries`);
    const names = decodeText(columns.names);
    const nameKeys = decodeText(columns.nameKeys);
    const { parents, types, sizes, mtimes, modes, inos } = columns;
    const { tree, relDirs, keyDirs } = this;
    for (let i = 0; i < columns.count; i++) {
      const p = parents[i];
      const rel = p < 0 ? this.relTop + names[i] : relDirs[p] + names[i];
      const key = p < 0 ? this.keyTop + nameKeys[i] : keyDirs[p] + nameKeys[i];
      const isDir = types[i] === 1;
      // Written for every entry, in order, so the arrays stay dense (a sparse array turns into a slow dictionary).
      relDirs.push(isDir ? `${rel}/` : '');
      keyDirs.push(isDir ? `${key}/` : '');
      if (isDir) this.dirs++;
      else this.files++;
      tree.set(key, { rel, type: isDir ? 'dir' : 'file', size: sizes[i], mtimeMs: mtimes[i], mode: modes[i], ino: inos[i] });
    }
  }
}

/** columnsToTree builds the Tree of a complete listing given as one batch. */
export function columnsToTree(columns: Columns): { tree: Tree; files: number; dirs: number } {
  const assembler = new TreeAssembler();
  assembler.add(columns);
  return { tree: assembler.tree, files: assembler.files, dirs: assembler.dirs };
}
