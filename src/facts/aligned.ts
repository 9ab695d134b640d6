import type { BaseRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import type { ListedTree } from '../scan/scan-tree.js';
import { SPELLED_LEFT, SPELLED_RIGHT, SPELLED_SAME } from './unchanged.js';

/** TreeRows is what pairing reads of a tree: rows in walk order, each its parent row and its name key (null: none to pair by). */
interface TreeRows {
  rowCount(): number;
  parentAt(row: number): number;
  nameKeyAt(row: number): Key | null;
}

/** BaseTree is what the aligned pass reads of the state's base (state/base-map). */
export interface BaseTree extends TreeRows {
  plain(): boolean;
  liveAt(row: number): boolean;
  keyAt(row: number): Key;
  nameAt(row: number, side: Side): string;
  readAt(row: number): BaseRecord | undefined;
  isDirAt(row: number): boolean;
  relAt(row: number, side: Side): string;
  sizeAt(row: number, side: Side): number;
  mtimeAt(row: number, side: Side): number;
  modeAt(row: number, side: Side): number;
}

/**
 * RowFinder finds, in another tree, the row of a given parent row and name key: first the row after the one it
 * found last (trees in the same walk order meet their common paths in the same order: one comparison), else in
 * the parent's block of rows (a folder's entries are contiguous in walk order), through a map of that block
 * built on its first miss. A row is found only when its key is the parent's key plus that name key: the same key.
 */
export class RowFinder {
  readonly #tree: TreeRows;
  readonly #count: number;
  // Per parent row + 1 (0 is the top level): its entries' first row and one past the last (-1: none).
  readonly #start: Int32Array;
  readonly #end: Int32Array;
  readonly #blocks = new Map<number, Map<Key, number>>();
  #next = 0;
  /** False when some folder's entries are not contiguous (not a walk's order): then nothing may be paired. */
  readonly ok: boolean;

  constructor(tree: TreeRows) {
    this.#tree = tree;
    const n = (this.#count = tree.rowCount());
    this.#start = new Int32Array(n + 1).fill(-1);
    this.#end = new Int32Array(n + 1);
    let ok = true;
    for (let row = 0; row < n; row++) {
      const b = tree.parentAt(row) + 1;
      if (this.#start[b] < 0) this.#start[b] = row;
      else if (this.#end[b] !== row) ok = false;
      this.#end[b] = row + 1;
    }
    this.ok = ok;
  }

  /** find is the row under `parent` (-1 the top level) whose name key is `nameKey`, or -1 when there is none. */
  find(parent: number, nameKey: Key): number {
    const tree = this.#tree;
    const guess = this.#next;
    if (guess < this.#count && tree.parentAt(guess) === parent && tree.nameKeyAt(guess) === nameKey) {
      this.#next = guess + 1;
      return guess;
    }
    const b = parent + 1;
    if (this.#start[b] < 0) return -1;
    let block = this.#blocks.get(b);
    if (!block) {
      block = new Map();
      for (let row = this.#start[b]; row < this.#end[b]; row++) {
        const k = tree.nameKeyAt(row);
        if (k !== null) block.set(k, row);
      }
      this.#blocks.set(b, block);
    }
    const row = block.get(nameKey) ?? -1;
    if (row >= 0) this.#next = row + 1;
    return row;
  }
}

/** Visit is what the aligned pass hands gather for each path it could not leave out: its key and what it knows of it. */
export interface Visit {
  key: Key;
  left: Entry | undefined;
  right: Entry | undefined;
  /** The base record; `null` when the base's lookup by key must answer (no row found, and that proves nothing). */
  base: BaseRecord | undefined | null;
  /** Its rows were compared (UnchangedSkip.testAligned said no): derive it without testing its entries again. */
  tested: boolean;
}

/** AlignedInput is one pass's listings and base as rows, and what the pass asks of each path. */
export interface AlignedInput {
  left: ListedTree;
  right: ListedTree;
  base: BaseTree;
  /** Incomplete folders: the keys strictly under them sit the pass out (as gather's `wanted`). */
  blind: ReadonlySet<Key>;
  /** Folders (by key, '' the top) holding a key that must always be decided (keep): their paths are tested by key. */
  keptFolders: ReadonlySet<Key>;
  /** The scope id of every path directly in a folder (by key), or null when a path's own name may change it. */
  scopeOfFolder: (folder: Key) => string | null;
  /** Leaves an unchanged path out (true) from its rows (see UnchangedSkip.testAligned). */
  unchanged: (lr: number, rr: number, br: number, spelled: number, scope: string | null, keyOf: () => Key) => boolean;
  /** Handles a path the rows did not leave out (gather's own path: test its entries, or derive its fact). */
  visit: (v: Visit) => void;
}

/** AlignedOutcome is how many keys met in the base (gather's inBase), and whether the base's own paths were visited too. */
export interface AlignedOutcome { inBase: number; baseDone: boolean }

/** alignedUsable tells whether listings and base can be paired by rows: whole listings as walked, and a base of rows. */
export function alignedUsable(left: ListedTree, right: ListedTree, base: Partial<BaseTree>): base is BaseTree {
  return left.pristine() && right.pristine() && !left.subtree() && !right.subtree() && typeof base.plain === 'function' && typeof base.rowCount === 'function';
}

/**
 * alignedPass goes through the left listing's rows, pairing each with the right listing's and the base's row of
 * the same key by tree position (a paired parent, the same name key), and leaves out the unchanged ones from
 * their columns; then the right rows no left row took; then, when the base is plain (state/base-map), the base
 * rows neither side met. Only a path not left out has its key built and reaches `visit`. Returns null when the
 * trees are not in walk order (gather then goes by keys).
 *
 * Why a row not found proves a key absent: a listing's rows are the whole listing (pristine) and each key is its
 * parent's key plus its name key, so by induction from the top level a key present on both sides is found under
 * its paired parent. The base proves it only when plain (every row so keyed, and no key set since the load that
 * is no row: state/base-map).
 */
export function alignedPass(input: AlignedInput): AlignedOutcome | null {
  const { left, right, base } = input;
  const rightRows = new RowFinder(right);
  const baseRows = new RowFinder(base);
  if (!new RowFinder(left).ok || !rightRows.ok || !baseRows.ok) return null;
  const L = left.rowCount();
  const R = right.rowCount();
  const B = base.rowCount();
  const basePlain = base.plain();
  const blind = input.blind;
  const blindAll = blind.has('');
  // Per left row: its right and base rows (-1 none), its spellings' agreement with the base's and each other's.
  const rightOf = new Int32Array(L);
  const baseOf = new Int32Array(L);
  const spelledOf = new Uint8Array(L);
  // Sits the pass out (under an incomplete folder), per row of each tree.
  const leftOut = new Uint8Array(L);
  const rightOut = new Uint8Array(R);
  // Per right row: its base row, and whether a left row took it. Per base row: whether either side met it.
  const baseOfRight = new Int32Array(R).fill(-1);
  const rightTaken = new Uint8Array(R);
  const baseMet = new Uint8Array(B);
  const scopes = new Map<number, string | null>();
  const leftKey = (row: number) => left.keyAt(row);
  const scopeIn = (lp: number): string | null => {
    let scope = scopes.get(lp);
    if (scope === undefined) scopes.set(lp, (scope = input.scopeOfFolder(lp < 0 ? '' : leftKey(lp))));
    return scope;
  };
  const kept = input.keptFolders;
  const isOut = (out: Uint8Array, parent: number, keyOf: (row: number) => Key) =>
    blindAll || (parent >= 0 && (out[parent] === 1 || (blind.size > 0 && blind.has(keyOf(parent)))));
  let inBase = 0;

  for (let lr = 0; lr < L; lr++) {
    const lp = left.parentAt(lr);
    const nk = left.nameKeyAt(lr);
    const rp = lp < 0 ? -1 : rightOf[lp];
    const bp = lp < 0 ? -1 : baseOf[lp];
    const rr = lp < 0 || rp >= 0 ? rightRows.find(rp, nk) : -1;
    const br = lp < 0 || bp >= 0 ? baseRows.find(bp, nk) : -1;
    rightOf[lr] = rr;
    baseOf[lr] = br;
    if (br >= 0) baseMet[br] = 1;
    const name = left.nameAt(lr);
    const pf = lp < 0 ? SPELLED_LEFT | SPELLED_RIGHT | SPELLED_SAME : spelledOf[lp];
    let spelled = 0;
    if (br >= 0 && (pf & SPELLED_LEFT) !== 0 && name === base.nameAt(br, 'left')) spelled |= SPELLED_LEFT;
    if (br >= 0 && rr >= 0 && (pf & SPELLED_RIGHT) !== 0 && right.nameAt(rr) === base.nameAt(br, 'right')) spelled |= SPELLED_RIGHT;
    if (rr >= 0 && (pf & SPELLED_SAME) !== 0 && name === right.nameAt(rr)) spelled |= SPELLED_SAME;
    spelledOf[lr] = spelled;
    const out = isOut(leftOut, lp, leftKey);
    if (rr >= 0) {
      rightTaken[rr] = 1;
      baseOfRight[rr] = br;
      rightOut[rr] = out ? 1 : 0;
    }
    if (out) {
      leftOut[lr] = 1;
      continue;
    }
    if (rr >= 0 && br >= 0 && left.liveAt(lr) && right.liveAt(rr) && base.liveAt(br) && !(kept.size > 0 && kept.has(lp < 0 ? '' : leftKey(lp)))) {
      if (input.unchanged(lr, rr, br, spelled, scopeIn(lp), () => leftKey(lr))) {
        inBase++;
        continue;
      }
      const b = base.readAt(br);
      if (b) inBase++;
      input.visit({ key: leftKey(lr), left: left.readAt(lr), right: right.readAt(rr), base: b, tested: true });
      continue;
    }
    // The right listing's rows are the whole listing, so a row not found is a key not there; the base's only when plain.
    const b = br >= 0 ? base.readAt(br) : basePlain ? undefined : null;
    if (b) inBase++;
    input.visit({ key: leftKey(lr), left: left.readAt(lr), right: rr >= 0 ? right.readAt(rr) : undefined, base: b, tested: false });
  }

  // Right rows no left row took: their keys are not on the left (a left row of the key would have found its row).
  const rightKey = (row: number) => right.keyAt(row);
  for (let rr = 0; rr < R; rr++) {
    if (rightTaken[rr]) continue;
    const rp = right.parentAt(rr);
    const bp = rp < 0 ? -1 : baseOfRight[rp];
    const br = rp < 0 || bp >= 0 ? baseRows.find(bp, right.nameKeyAt(rr)) : -1;
    baseOfRight[rr] = br;
    if (br >= 0) baseMet[br] = 1;
    if (isOut(rightOut, rp, rightKey)) {
      rightOut[rr] = 1;
      continue;
    }
    const b = br >= 0 ? base.readAt(br) : basePlain ? undefined : null;
    if (b) inBase++;
    input.visit({ key: rightKey(rr), left: undefined, right: right.readAt(rr), base: b, tested: false });
  }
  if (!basePlain) return { inBase, baseDone: false };

  // A plain base: a row neither side met is a key on neither side (each side's row of it would have found it).
  const baseOut = new Uint8Array(B);
  const baseKey = (row: number) => base.keyAt(row);
  for (let br = 0; br < B; br++) {
    // Every row's, met or not: a folder's rows below it sit out with it.
    if (isOut(baseOut, base.parentAt(br), baseKey)) baseOut[br] = 1;
    if (baseMet[br] || baseOut[br]) continue;
    input.visit({ key: baseKey(br), left: undefined, right: undefined, base: base.readAt(br), tested: false });
  }
  return { inBase, baseDone: true };
}
