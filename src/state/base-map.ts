import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';

/** NUMS is how many numbers a record keeps in BaseColumns.nums: size, mtimeMs, mode, ino of the left side, then the right's. */
export const NUMS = 8;

/** Fold is how a row's key segment comes from its left name: as it is, NFC, NFC and lower case; KEYED: the whole key is given. */
export type Fold = 0 | 1 | 2;
export const KEYED = 3;

/**
 * BaseColumns are the base records of a snapshot as decoded (format 3, state/columns): a tree of rows, each its
 * parent row (-1 at the top) and its last name segment, instead of three objects and two full paths per record.
 * A load of 90k records allocates a few arrays and one string per name; full paths, keys and records are made
 * only when asked for.
 */
export interface BaseColumns {
  count: number;
  /** Parent row per row (-1: top level); a parent's row always comes before its children's. */
  parents: Int32Array;
  /** The left spelling's last segment per row ('' for an odd row). */
  names: string[];
  /** The right spelling's last segment, only where it differs from the left's. */
  rightNames: Map<number, string>;
  /** Rows whose spelling is not their parent's plus one segment: their whole left and right paths. */
  odd: Map<number, [string, string]>;
  /** How each row's key segment comes from its name (Fold), or KEYED (the key is in `keys`). */
  folds: Uint8Array;
  keys: Map<number, Key>;
  /** NUMS numbers per row (see NUMS). */
  nums: Float64Array;
  /** 1 for a folder, 0 for a file, one per row. */
  types: Uint8Array;
  /** Content hashes by row ('' none), or null when no record has one. */
  hashes: Map<number, [string, string]> | null;
}

/** foldName is a name's key segment by fold; fixed by the format, so it must not follow later changes to toKey. */
export function foldName(name: string, fold: number): string {
  if (fold === 0) return name;
  // An ASCII name is its own NFC form (the check is ~5x cheaper than normalize).
  const nfc = NOT_ASCII.test(name) ? name.normalize('NFC') : name;
  return fold === 1 ? nfc : nfc.toLowerCase();
}

const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * BaseMap is the base of the three-way sync (key → BaseRecord) as the state holds it: a Map whose values are
 * either records or row numbers into the snapshot's columns, read into records on first access and kept.
 * As a scan's listing (scan/scan-tree), a lookup first tries the row expected next, and the hash index is
 * built only when a lookup misses that guess or the base changes: a no-change pass goes through the base in
 * the listings' order and never builds it. Keys and paths of rows are built on first use, one segment onto
 * their parent's (cached for folders). It behaves as a Map in every way a caller can see (order, size,
 * iteration), so callers treat it as one; the row accessors (`rowCount`, `parentAt`, `nameAt`, `*At`) let a
 * pass compare rows by tree position without building paths (facts/gather).
 */
export class BaseMap implements ReadonlyMap<Key, BaseRecord> {
  #index: Map<Key, number | BaseRecord> | null;
  readonly #cols: BaseColumns | null;
  readonly #count: number;
  readonly #keyed: number;
  // Per row: its key once built; its record once read or set (trusted only until the index exists, then the
  // index holds it); live = 1 while the key still maps to the unread row (not read into a record, set or deleted since).
  #keys: (Key | undefined)[];
  #records: (BaseRecord | undefined)[] = [];
  readonly #live: Uint8Array;
  // Until the index exists: rows deleted since the load, and keys set that are no row (in the order set).
  readonly #deleted: Uint8Array;
  #deletedCount = 0;
  #overlay = new Map<Key, BaseRecord>();
  // Per parent row + 1: its entries' rows by name key, built per folder when a key is looked up by descent.
  #childStart: Int32Array | null = null;
  #childEnd: Int32Array | null = null;
  readonly #blocks = new Map<number, Map<Key, number>>();
  // Folder rows' full spellings, built once per folder.
  readonly #rels: [(string | undefined)[], (string | undefined)[]] = [[], []];
  #next = 0;
  #nextHas = 0;

  constructor(entries?: Iterable<readonly [Key, BaseRecord]>, cols: BaseColumns | null = null) {
    this.#index = cols ? null : new Map(entries ?? []);
    this.#cols = cols;
    this.#count = cols ? cols.count : 0;
    this.#keyed = cols ? cols.keys.size : 0;
    this.#keys = new Array(this.#count);
    this.#live = new Uint8Array(this.#count).fill(1);
    this.#deleted = new Uint8Array(this.#count);
  }

  /** fromColumns wraps decoded columns (their keys are distinct: encodeBase writes a Map's). */
  static fromColumns(cols: BaseColumns): BaseMap {
    return new BaseMap(undefined, cols);
  }

  get size(): number { return this.#index ? this.#index.size : this.#count - this.#deletedCount + this.#overlay.size; }
  get [Symbol.toStringTag](): string { return 'BaseMap'; }

  has(key: Key): boolean {
    const guess = this.#nextHas;
    if (guess < this.#count && this.keyAt(guess) === key && (this.#index === null ? this.#deleted[guess] === 0 : this.#live[guess] === 1)) {
      this.#nextHas = guess + 1;
      return true;
    }
    if (this.#light()) {
      const row = this.#descend(key);
      if (row >= 0) this.#nextHas = row + 1;
      return row >= 0 || this.#overlay.has(key);
    }
    const v = this.#indexed().get(key);
    if (typeof v === 'number') this.#nextHas = v + 1;
    return v !== undefined;
  }

  get(key: Key): BaseRecord | undefined {
    if (this.#index === null) {
      const row = this.#guess(key);
      if (row >= 0) return this.#deleted[row] ? undefined : this.#records[row] ?? this.#read(row);
      if (this.#light()) {
        const found = this.#descend(key);
        return found >= 0 ? this.#records[found] ?? this.#read(found) : this.#overlay.get(key);
      }
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
      if (row >= 0) return this.#deleted[row] ? undefined : this.#records[row] ?? this.recordAt(row);
      if (this.#light()) {
        const found = this.#descend(key);
        return found >= 0 ? this.#records[found] ?? this.recordAt(found) : this.#overlay.get(key);
      }
    }
    const v = this.#indexed().get(key);
    return typeof v === 'number' ? this.recordAt(v) : v;
  }

  /** rowOf is the snapshot row of a key not read into a record yet, or -1 (absent, or a record now: use get). */
  rowOf(key: Key): number {
    const guess = this.#next;
    if (guess < this.#count && this.keyAt(guess) === key) {
      this.#next = guess + 1;
      return this.#live[guess] === 1 ? guess : -1;
    }
    if (this.#light()) {
      const row = this.#descend(key);
      if (row < 0) return -1;
      this.#next = row + 1;
      return this.#live[row] === 1 ? row : -1;
    }
    const v = this.#indexed().get(key);
    if (typeof v !== 'number') return -1;
    this.#next = v + 1;
    return v;
  }

  /**
   * plain tells whether every key is its row's parent key plus its name key (no KEYED row) and the rows are the
   * whole base (no key set since the load that is no row; no index): a key not among the rows is not in the base.
   */
  plain(): boolean { return this.#index === null && this.#keyed === 0 && this.#overlay.size === 0; }

  /** readAt is the record of a row's key (undefined once deleted), as get(keyAt(row)) gives it, without a lookup by key while unindexed. */
  readAt(row: number): BaseRecord | undefined {
    if (this.#index === null) return this.#deleted[row] ? undefined : this.#records[row] ?? this.#read(row);
    return this.get(this.keyAt(row));
  }

  /** rowCount is the number of snapshot rows (live or not): row accessors take 0 … rowCount()-1. */
  rowCount(): number { return this.#count; }
  /** liveAt tells whether a row's key still maps to the unread row (not read into a record, set or deleted since). */
  liveAt(row: number): boolean { return this.#live[row] === 1; }
  /** parentAt is a row's parent row, -1 at the top level (or for an odd row: see oddAt). */
  parentAt(row: number): number { return this.#cols!.parents[row]; }
  /** oddAt tells a row whose spelling is not its parent's plus one segment (nameAt is '' then: compare its relAt). */
  oddAt(row: number): boolean { return this.#cols!.odd.has(row); }
  /** nameAt is a row's last name segment on a side, as spelled there. */
  nameAt(row: number, side: Side): string {
    const cols = this.#cols!;
    return side === 'left' ? cols.names[row] : (cols.rightNames.get(row) ?? cols.names[row]);
  }
  /** nameKeyAt is a row's last key segment, or null when its key is not its parent's plus one (see keyAt). */
  nameKeyAt(row: number): Key | null {
    const cols = this.#cols!;
    const fold = cols.folds[row];
    return fold === KEYED ? null : foldName(cols.names[row], fold);
  }

  /** keyAt is a row's key (built from its parent's on first use and kept). */
  keyAt(row: number): Key {
    const known = this.#keys[row];
    if (known !== undefined) return known;
    const cols = this.#cols!;
    const fold = cols.folds[row];
    let key: Key;
    if (fold === KEYED) key = cols.keys.get(row)!;
    else {
      const seg = foldName(cols.names[row], fold);
      const p = cols.parents[row];
      key = p < 0 ? seg : `${this.keyAt(p)}/${seg}`;
    }
    this.#keys[row] = key;
    return key;
  }

  // A row's fields as recordAt would give them, without building the record (facts/unchanged compares unread rows).
  isDirAt(row: number): boolean { return this.#cols!.types[row] === 1; }
  relAt(row: number, side: Side): string {
    const cols = this.#cols!;
    const odd = cols.odd.get(row);
    if (odd !== undefined) return side === 'left' ? odd[0] : odd[1];
    const p = cols.parents[row];
    const name = this.nameAt(row, side);
    return p < 0 ? name : `${this.#folderRel(p, side)}/${name}`;
  }
  sizeAt(row: number, side: Side): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 0 : 4)]; }
  mtimeAt(row: number, side: Side): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 1 : 5)]; }
  modeAt(row: number, side: Side): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 2 : 6)]; }
  inoAt(row: number, side: Side): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 3 : 7)]; }
  /** numAt is a row's number `f` on a side: 0 size, 1 mtimeMs, 2 mode, 3 ino. */
  numAt(row: number, side: Side, f: number): number { return this.#cols!.nums[row * NUMS + (side === 'left' ? 0 : 4) + f]; }
  hashAt(row: number, side: Side): string | undefined {
    const h = this.#cols!.hashes?.get(row)?.[side === 'left' ? 0 : 1];
    return h === '' ? undefined : h;
  }

  /** recordAt builds the record of a row (not kept). */
  recordAt(row: number): BaseRecord {
    const side = (s: Side): SideRecord => {
      const rec: SideRecord = { rel: this.relAt(row, s), size: this.sizeAt(row, s), mtimeMs: this.mtimeAt(row, s), mode: this.modeAt(row, s), ino: this.inoAt(row, s) };
      const hash = this.hashAt(row, s);
      if (hash !== undefined) rec.hash = hash;
      return rec;
    };
    return { type: this.isDirAt(row) ? 'dir' : 'file', left: side('left'), right: side('right') };
  }

  /**
   * set stores a record (the caller passes a clean copy: see rows.cleanRecord). Until the index exists, a key
   * of a row keeps its row's place in the order (a Map would move a deleted and set again key to the end).
   */
  set(key: Key, rec: BaseRecord): this {
    if (this.#light()) {
      // A journal replayed at load sets a few keys: found by descent, no index of every key is built.
      const row = this.#descend(key, true);
      if (row < 0) this.#overlay.set(key, rec);
      else {
        this.#records[row] = rec;
        this.#live[row] = 0;
        if (this.#deleted[row]) {
          this.#deleted[row] = 0;
          this.#deletedCount--;
        }
      }
      return this;
    }
    const index = this.#indexed();
    this.#unlive(key);
    index.set(key, rec);
    return this;
  }

  delete(key: Key): boolean {
    if (this.#light()) {
      const row = this.#descend(key);
      if (row < 0) return this.#overlay.delete(key);
      this.#deleted[row] = 1;
      this.#deletedCount++;
      this.#live[row] = 0;
      this.#records[row] = undefined;
      return true;
    }
    const index = this.#indexed();
    this.#unlive(key);
    return index.delete(key);
  }

  keys(): MapIterator<Key> {
    if (this.#index) return this.#index.keys();
    for (let row = 0; row < this.#count; row++) this.keyAt(row);
    if (this.#deletedCount === 0 && this.#overlay.size === 0) return (this.#keys as Key[]).values() as unknown as MapIterator<Key>;
    return this.#lightKeys();
  }

  *#lightKeys(): MapIterator<Key> {
    for (let row = 0; row < this.#count; row++) if (this.#deleted[row] === 0) yield this.#keys[row]!;
    yield* this.#overlay.keys();
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
      // Reading a record does not change its type (setting one may): the column answers for the others.
      for (let row = 0; row < this.#count; row++) {
        if (this.#deleted[row]) continue;
        const rec = this.#records[row];
        if (rec ? rec.type === 'file' : this.#cols!.types[row] === 0) n++;
      }
      for (const rec of this.#overlay.values()) if (rec.type === 'file') n++;
      return n;
    }
    for (const v of this.#index.values()) if (typeof v === 'number' ? this.#cols!.types[v] === 0 : v.type === 'file') n++;
    return n;
  }

  /** raw gives, for the encoder, each key with its row number (unread: read it through the row accessors) or its record. */
  raw(): ReadonlyMap<Key, number | BaseRecord> {
    return this.#indexed();
  }

  // A folder row's spelling on a side, built once.
  #folderRel(row: number, side: Side): string {
    const cache = this.#rels[side === 'left' ? 0 : 1];
    return (cache[row] ??= this.relAt(row, side));
  }

  // The row of `key` if it is the one rowOf just gave or the next (a pass going through in order), else -1.
  #guess(key: Key): number {
    const last = this.#next - 1;
    const row = last >= 0 && this.keyAt(last) === key ? last : this.#next < this.#count && this.keyAt(this.#next) === key ? this.#next : -1;
    if (row >= 0) this.#next = row + 1;
    return row;
  }

  // The index in row order, holding the records read so far; from then on the index is the truth.
  #indexed(): Map<Key, number | BaseRecord> {
    if (this.#index) return this.#index;
    const index = new Map<Key, number | BaseRecord>();
    const records = this.#records;
    for (let row = 0; row < this.#count; row++) if (this.#deleted[row] === 0) index.set(this.keyAt(row), records[row] ?? row);
    for (const [key, rec] of this.#overlay) index.set(key, rec);
    this.#records = [];
    this.#overlay = new Map();
    this.#index = index;
    return index;
  }

  // Lookups by descent (no index of every key) work while there is no index and every row's key is its parent's plus its name key.
  #light(): boolean {
    return this.#index === null && this.#keyed === 0 && this.#cols !== null;
  }

  // The row of `key` by descent from the top, one folder's block of rows per segment; -1 when none (or deleted, unless `deletedToo`).
  #descend(key: Key, deletedToo = false): number {
    let parent = -1;
    for (let from = 0; ;) {
      const slash = key.indexOf('/', from);
      const row = this.#block(parent).get(slash < 0 ? key.slice(from) : key.slice(from, slash));
      if (row === undefined) return -1;
      if (slash < 0) return deletedToo || this.#deleted[row] === 0 ? row : -1;
      parent = row;
      from = slash + 1;
    }
  }

  #block(parent: number): Map<Key, number> {
    let block = this.#blocks.get(parent);
    if (block) return block;
    if (this.#childStart === null) {
      // A folder's entries are contiguous rows (walk order, state/columns): one pass finds each block.
      const start = new Int32Array(this.#count + 1).fill(-1);
      const end = new Int32Array(this.#count + 1);
      const parents = this.#cols!.parents;
      for (let row = 0; row < this.#count; row++) {
        const b = parents[row] + 1;
        if (start[b] < 0) start[b] = row;
        end[b] = row + 1;
      }
      this.#childStart = start;
      this.#childEnd = end;
    }
    block = new Map();
    const parents = this.#cols!.parents;
    // Scanned from the block's first row to its last, keeping only this parent's (right whatever the order).
    for (let row = this.#childStart[parent + 1], end = this.#childEnd![parent + 1]; row >= 0 && row < end; row++) {
      if (parents[row] === parent) block.set(this.nameKeyAt(row)!, row);
    }
    this.#blocks.set(parent, block);
    return block;
  }

  #read(row: number): BaseRecord {
    this.#live[row] = 0;
    const rec = this.recordAt(row);
    if (this.#index === null) this.#records[row] = rec;
    return rec;
  }

  #unlive(key: Key): void {
    const v = this.#index!.get(key);
    if (typeof v === 'number') this.#live[v] = 0;
  }
}
