import type { Key } from '../model/key.js';
import type { Columns } from './columns.js';
import { ScanTree } from './scan-tree.js';
import { decodeText } from './text-column.js';

/**
 * TreeAssembler builds a ScanTree from a walk's batches as they arrive, so the receiving thread's work
 * overlaps the walk instead of following it. The tree keeps the batches' own form (parent row, name, name
 * key, numbers): no path or key is concatenated per row (ScanTree builds those when asked).
 */
export class TreeAssembler {
  readonly tree: ScanTree;
  files = 0;
  dirs = 0;
  #rows = 0;

  /** `from`: a subtree walk's top entries sit under this folder. */
  constructor(from?: { rel: string; key: Key }) {
    this.tree = new ScanTree(from);
  }

  /** add puts one batch into the tree. */
  add(columns: Columns): void {
    if (columns.count === 0) return;
    if (columns.start !== this.#rows) throw new Error(`scan batch out of order: ${columns.start} after ${this.#rows} entries`);
    const { types, start, count } = columns;
    this.tree.addRows(start, decodeText(columns.names), decodeText(columns.nameKeys), columns);
    let dirs = 0;
    for (let i = 0; i < count; i++) dirs += types[i];
    this.dirs += dirs;
    this.files += count - dirs;
    this.#rows = start + count;
  }
}

/** columnsToTree builds the tree of a complete listing given as one batch. */
export function columnsToTree(columns: Columns): { tree: ScanTree; files: number; dirs: number } {
  const assembler = new TreeAssembler();
  assembler.add(columns);
  return { tree: assembler.tree, files: assembler.files, dirs: assembler.dirs };
}
