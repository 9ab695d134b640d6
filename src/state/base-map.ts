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
 * As a scan's listing (scan/scan-tree), a lookup first tries the row expected next, and the hash index is
 * built only when a lookup misses that guess or the base changes: a no-change pass goes through the base in
 * the listings' order and never builds it. It behaves as a Map in every way a caller can see (order, size,
 * iteration), so callers treat it as one.
 */
export class BaseMap implements ReadonlyMap<Key, BaseRecord> {
  #index: Map<Key, number | BaseRecord> | null;
  readonly #cols: BaseColumns | null;
  // Per row: its key; its record once read (trusted only until the index exists, then the index holds it);
  // live = 1 while the key still maps to the unread row (not read into a record, set or deleted since).
  readonly #keys: readonly Key[];
  #records: (BaseRecord | undefined)[] = [];
  readonly #live: Uint8Array;
  #next = 0;
  #nextHas = 0;

  constructor(entries?: Iterable<readonly [Key, BaseRecord]>, cols: BaseColumns | null = null, keys: readonly Key[] = []) {
    this.#index = cols ? null : new Map(entries ?? []);
    this.#cols = cols;
    this.#keys = keys;
    this.#live = new Uint8Array(keys.length).fill(1);
  }

  /** fromColumns wraps decoded columns: `keys[i]` is the key of row i (keys are distinct: encodeBase writes a Map's). */
  static fromColumns(keys: readonly Key[], cols: BaseColumns): BaseMap {
    return new BaseMap(undefined, cols, keys);
  }

  get size(): number { return this.#index ? this.#index.size : this.#keys.length; }
  get [Symbol.toStringTag](): string { return 'BaseMap'; }

  has(key: Key): boolean {
    const guess = this.#nextHas;
    if (guess < this.#keys.length && this.#keys[guess] === key && (this.#index === null || this.#live[guess] === 1)) {
      this.#nextHas = guess + 1;
      return true;
    }
    const v = this.#indexed().get(key);
    if (typeof v === 'number') this.#nextHas = v + 1;
    return v !== undefined;
  }

  get(key: Key): BaseRecord | undefined {
    if (this.#index === null) {
      const row = this.#guess(key);
      if (row >= 0) return this.#records[row] ?? this.#read(row);
    }
    const v = this.#indexed().get(key);
    if (typeof v !== 'number') return v;
    const rec = this.#read(v);
    this.#index!.set(key, rec);
    return rec;
  }

  /** peek reads a record without keeping it (a pass that only compares most records need not hold 90k objects). */
  peek(key: Key): BaseRecord | undefined {
    if (this.#index === null) {
      const row = this.#guess(key);
      if (row >= 0) return this.#records[row] ?? readRow(this.#cols!, row);
    }
    const v = this.#indexed().get(key);
    return typeof v === 'number' ? readRow(this.#cols!, v) : v;
  }

  /** rowOf is the snapshot row of a key not read into a record yet, or -1 (absent, or a record now: use get). */
  rowOf(key: Key): number {
    const guess = this.#next;
    if (guess < this.#keys.length && this.#keys[guess] === key) {
      this.#next = guess + 1;
      return this.#live[guess] === 1 ? guess : -1;
    }
    const v = this.#indexed().get(key);
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
    const index = this.#indexed();
    this.#unlive(key);
    index.set(key, rec);
    return this;
  }

  delete(key: Key): boolean {
    const index = this.#indexed();
    this.#unlive(key);
    return index.delete(key);
  }

  keys(): MapIterator<Key> {
    return this.#index ? this.#index.keys() : (this.#keys.values() as unknown as MapIterator<Key>);
  }

  *entries(): MapIterator<[Key, BaseRecord]> {
    for (const key of this.keys()) yield [key, this.get(key)!];
  }

  *values(): MapIterator<BaseRecord> {
    for (const key of this.keys()) yield this.get(key)!;
  }

  [Symbol.iterator](): MapIterator<[Key, BaseRecord]> { return this.entries(); }

  forEach(fn: (value: BaseRecord, key: Key, map: ReadonlyMap<Key, BaseRecord>) => void): void {
    for (const [key, rec] of this.entries()) fn(rec, key, this);
  }

  /** fileCount counts the file records without reading any into objects (the guards' measure of a side). */
  fileCount(): number {
    let n = 0;
    if (this.#index === null) {
      // Reading a record does not change its type: the column answers for every row.
      for (let row = 0; row < this.#keys.length; row++) if (this.#cols!.types[row] === 0) n++;
      return n;
    }
    for (const v of this.#index.values()) if (typeof v === 'number' ? this.#cols!.types[v] === 0 : v.type === 'file') n++;
    return n;
  }

  /** raw gives, for the encoder, each key with its row number in `columns` (unread) or its record. */
  raw(): { index: ReadonlyMap<Key, number | BaseRecord>; columns: BaseColumns | null } {
    return { index: this.#indexed(), columns: this.#cols };
  }

  // The row of `key` if it is the one rowOf just gave or the next (a pass going through in order), else -1.
  #guess(key: Key): number {
    const last = this.#next - 1;
    const row = last >= 0 && this.#keys[last] === key ? last : this.#next < this.#keys.length && this.#keys[this.#next] === key ? this.#next : -1;
    if (row >= 0) this.#next = row + 1;
    return row;
  }

  // The index in row order, holding the records read so far; from then on the index is the truth.
  #indexed(): Map<Key, number | BaseRecord> {
    if (this.#index) return this.#index;
    const index = new Map<Key, number | BaseRecord>();
    const records = this.#records;
    for (let row = 0; row < this.#keys.length; row++) index.set(this.#keys[row], records[row] ?? row);
    this.#records = [];
    this.#index = index;
    return index;
  }

  #read(row: number): BaseRecord {
    this.#live[row] = 0;
    const rec = readRow(this.#cols!, row);
    if (this.#index === null) this.#records[row] = rec;
    return rec;
  }

  #unlive(key: Key): void {
    const v = this.#index!.get(key);
    if (typeof v === 'number') this.#live[v] = 0;
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
