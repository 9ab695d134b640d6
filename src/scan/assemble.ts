import type { Key } from '../model/key.js';
import type { Columns } from './columns.js';
import { ScanTree } from './scan-tree.js';
import { decodeText } from './text-column.js';

/**
 * TreeAssembler builds a ScanTree from a walk's batches as they arrive, so the receiving thread's work
 * overlaps the walk instead of following it. Each path is its folder's path plus its name: a
 * folder always comes before its entries, so one pass suffices. Where a path's spelling is its key
 * (case-sensitive, NFC: nearly always) one string serves as both.
 */
export class TreeAssembler {
  readonly tree = new ScanTree();
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
    this.keyTop = from ? (from.key === from.rel ? this.relTop : `${from.key}/`) : '';
  }

  /** add puts one batch into the tree. */
  add(columns: Columns): void {
    if (columns.count === 0) return;
    if (columns.start !== this.relDirs.length) throw new Error(`scan batch out of order: ${columns.start} after ${this.relDirs.length} entries`);
    const names = decodeText(columns.names);
    const nameKeys = decodeText(columns.nameKeys);
    const { parents, types, sizes, mtimes, modes, inos, start } = columns;
    const { tree, relDirs, keyDirs } = this;
    tree.reserve(start + columns.count);
    for (let i = 0; i < columns.count; i++) {
      const p = parents[i];
      const relDir = p < 0 ? this.relTop : relDirs[p];
      const keyDir = p < 0 ? this.keyTop : keyDirs[p];
      const name = names[i];
      const rel = relDir + name;
      // The folder's key string is its rel string exactly when its spelling is its key (kept so below).
      const key = keyDir === relDir && nameKeys[i] === name ? rel : keyDir + nameKeys[i];
      const isDir = types[i] === 1;
      // Written for every entry, in order, so the arrays stay dense (a sparse array turns into a slow dictionary).
      const relSlash = isDir ? `${rel}/` : '';
      relDirs.push(relSlash);
      keyDirs.push(isDir ? (key === rel ? relSlash : `${key}/`) : '');
      if (isDir) this.dirs++;
      else this.files++;
      tree.addRow(key, start + i, rel, isDir, sizes[i], mtimes[i], modes[i], inos[i]);
    }
  }
}

/** columnsToTree builds the tree of a complete listing given as one batch. */
export function columnsToTree(columns: Columns): { tree: ScanTree; files: number; dirs: number } {
  const assembler = new TreeAssembler();
  assembler.add(columns);
  return { tree: assembler.tree, files: assembler.files, dirs: assembler.dirs };
}
