import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';

/** NUMS is how many numbers a record keeps in BaseColumns.nums: size, mtimeMs, mode, ino of the left side, then the right's. */
export const NUMS = 8;

/**
 * BaseColumns are the base records of a snapshot as decoded: one array per field instead of three objects per
 * record, so a load of 90k records allocates a few arrays, and a record becomes objects only when it is read.
 */
export interface BaseColumns {
  rels: string[];
  /** Right spelling by row, only where it differs from the left's. */
  rightRels: Map<number, string>;
  /** NUMS numbers per row (see NUMS). */
  nums: Float64Array;
  /** 1 for a folder, 0 for a file, one per row. */
  types: Uint8Array;
  /** Content hashes by row ('' none), or null when no record has one. */
  hashes: { left: string[]; right: string[] } | null;
}

/**
 * BaseMap is the base of the three-way sync (key → BaseRecord) as the state holds it: a Map whose values are
 * either records or row numbers into the snapshot's columns, read into records on first access and kept.
 * It behaves as a Map in every way a caller can see (order, size, iteration), so callers treat it as one.
 */
export class BaseMap implements ReadonlyMap<Key, BaseRecord> {
  readonly #index: Map<Key, number | BaseRecord>;
  readonly #cols: BaseColumns | null;
  // As ScanTree.rowOf: the row expected next (keys by row), tried before the hash lookup; `live` says whether
  // the index still maps a row's key to that row (not read into a record, set or deleted since).
  readonly #keys: readonly Key[] | null;
  readonly #live: Uint8Array | null;
  #next = 0;

  constructor(entries?: Iterable<readonly [Key, BaseRecord]>, cols: BaseColumns | null = null, index?: Map<Key, number | BaseRecord>, keys: readonly Key[] | null = null) {
    this.#index = index ?? new Map(entries ?? []);
    this.#cols = cols;
    this.#keys = keys;
    this.#live = keys ? new Uint8Array(keys.length).fill(1) : null;
  }

  /** fromColumns wraps decoded columns: `keys[i]` is the key of row i. */
  static fromColumns(keys: readonly Key[], cols: BaseColumns): BaseMap {
    const index = new Map<Key, number | BaseRecord>();
    for (let i = 0; i < keys.length; i++) index.set(keys[i], i);
    return new BaseMap(undefined, cols, index, keys);
  }

  get size(): number { return this.#index.size; }
  get [Symbol.toStringTag](): string { return 'BaseMap'; }

  has(key: Key): boolean { return this.#index.has(key); }

  get(key: Key): BaseRecord | undefined {
    const v = this.#index.get(key);
    if (typeof v !== 'number') return v;
    this.#live![v] = 0;
    const rec = readRow(this.#cols!, v);
    this.#index.set(key, rec);
    return rec;
  }

  /** peek reads a record without keeping it (a pass that only compares most records need not hold 90k objects). */
  peek(key: Key): BaseRecord | undefined {
    const v = this.#index.get(key);
    return typeof v === 'number' ? readRow(this.#cols!, v) : v;
  }

  /** rowOf is the snapshot row of a key not read into a record yet, or -1 (absent, or a record now: use get). */
  rowOf(key: Key): number {
    const guess = this.#next;
    if (this.#live !== null && this.#live[guess] === 1 && this.#keys![guess] === key) {
      this.#next = guess + 1;
      return guess;
    }
    const v = this.#index.get(key);
    if (typeof v !== 'number') return -1;
    this.#next = v + 1;
    return v;
  }

  // A row's fields as readRow would give them, without building the record (facts/unchanged compares unread rows).
  isDirAt(row: number): boolean { return this.#cols!.types[row] === 1; }
  relAt(row: number, side: Side): string {
    const cols = this.#cols!;
    return side === 'left' ? cols.rels[row] : (cols.rightRels.get(row) ?? cols.rels[row]);
  }
  sizeAt(row: number, side: Side): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 0 : 4)]; }
  mtimeAt(row: number, side: Side): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 1 : 5)]; }
  modeAt(row: number, side: Side): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 2 : 6)]; }

  /** set stores a record (the caller passes a clean copy: see rows.cleanRecord). */
  set(key: Key, rec: BaseRecord): this {
    this.#unlive(key);
    this.#index.set(key, rec);
    return this;
  }

  delete(key: Key): boolean {
    this.#unlive(key);
    return this.#index.delete(key);
  }

  #unlive(key: Key): void {
    const v = this.#index.get(key);
    if (typeof v === 'number') this.#live![v] = 0;
  }

  keys(): MapIterator<Key> { return this.#index.keys(); }

  *entries(): MapIterator<[Key, BaseRecord]> {
    for (const key of this.#index.keys()) yield [key, this.get(key)!];
  }

  *values(): MapIterator<BaseRecord> {
    for (const key of this.#index.keys()) yield this.get(key)!;
  }

  [Symbol.iterator](): MapIterator<[Key, BaseRecord]> { return this.entries(); }

  forEach(fn: (value: BaseRecord, key: Key, map: ReadonlyMap<Key, BaseRecord>) => void): void {
    for (const [key, rec] of this.entries()) fn(rec, key, this);
  }

  /** fileCount counts the file records without reading any into objects (the guards' measure of a side). */
  fileCount(): number {
    let n = 0;
    for (const v of this.#index.values()) if (typeof v === 'number' ? this.#cols!.types[v] === 0 : v.type === 'file') n++;
    return n;
  }

  /** raw gives, for the encoder, each key with its row number in `columns` (unread) or its record. */
  raw(): { index: ReadonlyMap<Key, number | BaseRecord>; columns: BaseColumns | null } {
    return { index: this.#index, columns: this.#cols };
  }
}

/** readRow builds the record of row `i`. */
export function readRow(cols: BaseColumns, i: number): BaseRecord {
  const n = cols.nums;
  const o = i * NUMS;
  const rel = cols.rels[i];
  const left: SideRecord = { rel, size: n[o], mtimeMs: n[o + 1], mode: n[o + 2], ino: n[o + 3] };
  const right: SideRecord = { rel: cols.rightRels.get(i) ?? rel, size: n[o + 4], mtimeMs: n[o + 5], mode: n[o + 6], ino: n[o + 7] };
  if (cols.hashes) {
    if (cols.hashes.left[i] !== '') left.hash = cols.hashes.left[i];
    if (cols.hashes.right[i] !== '') right.hash = cols.hashes.right[i];
  }
  return { type: cols.types[i] === 1 ? 'dir' : 'file', left, right };
}
