import type { Entry } from '../model/entry.js';
import type { Key } from '../model/key.js';

const FIRST_ROWS = 8192;

/**
 * ScanTree is a scan's listing (key → Entry) kept as columns: one typed array per number, and per row its
 * parent row, its name and its name key (the walk's own batch form: scan/columns), so the listing builds no
 * full path and no key per row. A row's key and path are built when first asked for, one segment onto its
 * folder's (cached per folder; keys kept once built). An entry becomes an object only when it is read (`get`,
 * iteration) and is then kept, so callers that change it (hashes) see their change. A pass that only compares
 * unchanged paths against the base reads the columns instead (facts/gather pairs rows by tree position:
 * `rowCount`, `parentAt`, `nameAt`, `nameKeyAt`, `liveAt`, the `*At` accessors): at 90,000 paths per side the
 * entry objects were ~350 bytes a path, and the path and key strings most of the rest.
 *
 * Lookups by key first try the row expected next: both sides and the base list their common paths in one order,
 * so a pass going through the keys in order finds each by one string comparison. The hash index (key → row or
 * Entry) is built only when a lookup misses that guess, or the tree is changed (set, delete): a no-change pass
 * never builds it. It behaves as a Map in every way a caller can see (order, size, iteration, set/delete).
 */
export class ScanTree implements Map<Key, Entry> {
  #index: Map<Key, number | Entry> | null = null;
  #count = 0;
  #edited = false;
  /** How many row keys were built so far (tests count them: a no-change pass builds folders' keys, not every path's). */
  keysBuilt = 0;
  // Per row: its key once built; its Entry once read (trusted only until the index exists, then the index holds
  // it); live = 1 while the key still maps to the unread row (not read into an Entry, set or deleted since).
  #keys: (Key | undefined)[] = [];
  #objects: (Entry | undefined)[] = [];
  #live = new Uint8Array(FIRST_ROWS);
  #next = 0;
  #nextHas = 0;
  #names: string[] = [];
  #nameKeys: Key[] = [];
  // Folder rows' paths with the trailing '/', built once per folder.
  #dirRels: (string | undefined)[] = [];
  #parents = new Int32Array(FIRST_ROWS);
  #types = new Uint8Array(FIRST_ROWS);
  #sizes = new Float64Array(FIRST_ROWS);
  #mtimes = new Float64Array(FIRST_ROWS);
  #modes = new Uint16Array(FIRST_ROWS);
  #inos = new Float64Array(FIRST_ROWS);
  // A subtree listing's top rows sit under its folder (scan/scanner `from`): its path and key with the '/'.
  readonly #relTop: string;
  readonly #keyTop: Key;

  constructor(from?: { rel: string; key: Key }) {
    this.#relTop = from ? `${from.rel}/` : '';
    this.#keyTop = from ? `${from.key}/` : '';
  }

  /** addRow stores row `row` (rows come in walk order, each once, from 0): its folder's row (-1 top level), name and name key. */
  addRow(row: number, parent: number, name: string, nameKey: Key, isDir: boolean, size: number, mtimeMs: number, mode: number, ino: number): void {
    if (row !== this.#count) throw new Error(`scan row ${row} out of order (expected ${this.#count})`);
    if (parent >= row || parent < -1) throw new Error(`scan row ${row} has parent ${parent}: a folder comes before its entries`);
    if (row >= this.#types.length) this.#grow(row + 1);
    this.#parents[row] = parent;
    this.#names[row] = name;
    this.#nameKeys[row] = nameKey;
    this.#keys[row] = undefined;
    this.#live[row] = 1;
    this.#types[row] = isDir ? 1 : 0;
    this.#sizes[row] = size;
    this.#mtimes[row] = mtimeMs;
    this.#modes[row] = mode;
    this.#inos[row] = ino;
    this.#count = row + 1;
    this.#index?.set(this.keyAt(row), row);
  }

  /** addRows stores a batch of rows from `start` (as addRow, numbers copied from the batch's columns in one step each). */
  addRows(start: number, names: string[], nameKeys: Key[], c: { parents: Int32Array; types: Uint8Array; sizes: Float64Array; mtimes: Float64Array; modes: Uint16Array; inos: Float64Array }): void {
    const n = c.types.length;
    if (start !== this.#count) throw new Error(`scan row ${start} out of order (expected ${this.#count})`);
    if (names.length !== n || nameKeys.length !== n) throw new Error(`scan batch at ${start}: ${names.length} names for ${n} rows`);
    for (let i = 0; i < n; i++) if (c.parents[i] >= start + i || c.parents[i] < -1) throw new Error(`scan row ${start + i} has parent ${c.parents[i]}: a folder comes before its entries`);
    this.reserve(start + n);
    this.#parents.set(c.parents, start);
    this.#types.set(c.types, start);
    this.#sizes.set(c.sizes, start);
    this.#mtimes.set(c.mtimes, start);
    this.#modes.set(c.modes, start);
    this.#inos.set(c.inos, start);
    this.#live.fill(1, start, start + n);
    for (let i = 0; i < n; i++) {
      // Written for every row, in order, so the arrays stay dense (a sparse array turns into a slow dictionary).
      this.#names.push(names[i]);
      this.#nameKeys.push(nameKeys[i]);
      this.#keys.push(undefined);
    }
    this.#count = start + n;
    if (this.#index) for (let row = start; row < this.#count; row++) this.#index.set(this.keyAt(row), row);
  }

  /** reserve makes room for rows up to `rows` (a batch's end) in one step. */
  reserve(rows: number): void {
    if (rows > this.#types.length) this.#grow(rows);
  }

  /** rowOf is the row of a key not yet read into an object, or -1 (absent, or an Entry now: read it with get). */
  rowOf(key: Key): number {
    const guess = this.#next;
    if (guess < this.#count && this.keyAt(guess) === key) {
      // Not live: read into an Entry (or, once indexed, set or deleted): no row to compare.
      this.#next = guess + 1;
      return this.#live[guess] === 1 ? guess : -1;
    }
    const v = this.#indexed().get(key);
    if (typeof v !== 'number') return -1;
    this.#next = v + 1;
    return v;
  }

  /** rowCount is the number of rows added (live or not): row accessors take 0 … rowCount()-1. */
  rowCount(): number { return this.#count; }
  /** liveAt tells whether a row's key still maps to the unread row (not read into an Entry, set or deleted since). */
  liveAt(row: number): boolean { return this.#live[row] === 1; }
  /** parentAt is a row's folder row, -1 at the top level. */
  parentAt(row: number): number { return this.#parents[row]; }
  nameAt(row: number): string { return this.#names[row]; }
  nameKeyAt(row: number): Key { return this.#nameKeys[row]; }

  /** keyAt is a row's key (built from its folder's on first use and kept). */
  keyAt(row: number): Key {
    const known = this.#keys[row];
    if (known !== undefined) return known;
    const p = this.#parents[row];
    const key = p < 0 ? this.#keyTop + this.#nameKeys[row] : `${this.keyAt(p)}/${this.#nameKeys[row]}`;
    this.#keys[row] = key;
    this.keysBuilt++;
    return key;
  }

  /** relAt is a row's path as spelled (a folder's kept, a file's built per call). */
  relAt(row: number): string {
    const p = this.#parents[row];
    return p < 0 ? this.#relTop + this.#names[row] : this.#dirRel(p) + this.#names[row];
  }
  isDirAt(row: number): boolean { return this.#types[row] === 1; }
  sizeAt(row: number): number { return this.#sizes[row]; }
  mtimeAt(row: number): number { return this.#mtimes[row]; }
  modeAt(row: number): number { return this.#modes[row]; }

  get size(): number { return this.#index ? this.#index.size : this.#count; }

  /** fileCount counts the files from the type column: counting through values() would read every row into an object. */
  fileCount(): number {
    let files = 0;
    if (this.#index === null) {
      for (let row = 0; row < this.#count; row++) if (this.#types[row] === 0) files++;
      return files;
    }
    for (const v of this.#index.values()) if (typeof v === 'number' ? this.#types[v] === 0 : v.type === 'file') files++;
    return files;
  }
  get [Symbol.toStringTag](): string { return 'ScanTree'; }

  has(key: Key): boolean {
    // Its own expected row: gather asks `has` of one listing while going through another's keys in order.
    const guess = this.#nextHas;
    if (guess < this.#count && this.keyAt(guess) === key && (this.#index === null || this.#live[guess] === 1)) {
      this.#nextHas = guess + 1;
      return true;
    }
    const v = this.#indexed().get(key);
    if (typeof v === 'number') this.#nextHas = v + 1;
    return v !== undefined;
  }

  get(key: Key): Entry | undefined {
    if (this.#index === null) {
      // The row rowOf just gave (a path gather builds after testing it), or the next one (going through in order).
      const last = this.#next - 1;
      const row = last >= 0 && this.keyAt(last) === key ? last : this.#next < this.#count && this.keyAt(this.#next) === key ? this.#next : -1;
      if (row >= 0) {
        this.#next = row + 1;
        return this.#objects[row] ?? this.#read(row);
      }
    }
    const v = this.#indexed().get(key);
    if (typeof v !== 'number') return v;
    const entry = this.#read(v);
    this.#index!.set(key, entry);
    return entry;
  }

  /** pristine tells whether the rows are still the whole listing (nothing set, deleted or cleared since): a key absent from the rows is absent. */
  pristine(): boolean { return !this.#edited; }
  /** subtree tells a listing of only part of the root (its top rows are not at the top level). */
  subtree(): boolean { return this.#keyTop !== ''; }

  /** readAt is the Entry of a row, as get(keyAt(row)) gives it (read into an object and kept), without a lookup by key while unindexed. */
  readAt(row: number): Entry | undefined {
    if (this.#index === null) return this.#objects[row] ?? this.#read(row);
    return this.get(this.keyAt(row));
  }

  set(key: Key, entry: Entry): this {
    this.#edited = true;
    const index = this.#indexed();
    this.#unlive(key);
    index.set(key, entry);
    return this;
  }

  delete(key: Key): boolean {
    this.#edited = true;
    const index = this.#indexed();
    this.#unlive(key);
    return index.delete(key);
  }

  clear(): void {
    this.#edited = true;
    this.#indexed().clear();
    this.#live.fill(0);
  }

  keys(): MapIterator<Key> {
    if (this.#index) return this.#index.keys();
    for (let row = 0; row < this.#count; row++) this.keyAt(row);
    return (this.#keys.slice(0, this.#count) as Key[]).values() as unknown as MapIterator<Key>;
  }

  *entries(): MapIterator<[Key, Entry]> {
    for (const key of this.keys()) yield [key, this.get(key)!];
  }

  *values(): MapIterator<Entry> {
    for (const key of this.keys()) yield this.get(key)!;
  }

  [Symbol.iterator](): MapIterator<[Key, Entry]> { return this.entries(); }

  forEach(fn: (value: Entry, key: Key, map: Map<Key, Entry>) => void, thisArg?: unknown): void {
    for (const [key, entry] of this.entries()) fn.call(thisArg, entry, key, this);
  }

  // The index in row order, holding the entries read so far; from then on the index is the truth.
  #indexed(): Map<Key, number | Entry> {
    if (this.#index) return this.#index;
    const index = new Map<Key, number | Entry>();
    const objects = this.#objects;
    for (let row = 0; row < this.#count; row++) index.set(this.keyAt(row), objects[row] ?? row);
    this.#objects = [];
    this.#index = index;
    return index;
  }

  #read(row: number): Entry {
    this.#live[row] = 0;
    const entry = this.#entryAt(row);
    if (this.#index === null) this.#objects[row] = entry;
    return entry;
  }

  #unlive(key: Key): void {
    const v = this.#index!.get(key);
    if (typeof v === 'number') this.#live[v] = 0;
  }

  // The same property order as every other Entry, so all entries share one shape.
  #entryAt(row: number): Entry {
    return { rel: this.relAt(row), type: this.#types[row] === 1 ? 'dir' : 'file', size: this.#sizes[row], mtimeMs: this.#mtimes[row], mode: this.#modes[row], ino: this.#inos[row] };
  }

  // A folder row's path with the trailing '/'.
  #dirRel(row: number): string {
    let rel = this.#dirRels[row];
    if (rel === undefined) {
      rel = `${this.relAt(row)}/`;
      // Filled up to the row in order, so the array stays dense.
      while (this.#dirRels.length < row) this.#dirRels.push(undefined);
      this.#dirRels[row] = rel;
    }
    return rel;
  }

  #grow(need: number): void {
    let n = this.#types.length * 2;
    while (n < need) n *= 2;
    this.#parents = grown(this.#parents, new Int32Array(n));
    this.#types = grown(this.#types, new Uint8Array(n));
    this.#live = grown(this.#live, new Uint8Array(n));
    this.#sizes = grown(this.#sizes, new Float64Array(n));
    this.#mtimes = grown(this.#mtimes, new Float64Array(n));
    this.#modes = grown(this.#modes, new Uint16Array(n));
    this.#inos = grown(this.#inos, new Float64Array(n));
  }
}

function grown<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** ListedTree is what facts/unchanged reads of a listing: the columns of a ScanTree (duck-typed: any Tree may be given). */
export type ListedTree = Pick<ScanTree, 'rowOf' | 'relAt' | 'isDirAt' | 'sizeAt' | 'mtimeAt' | 'modeAt' | 'rowCount' | 'liveAt' | 'parentAt' | 'nameAt' | 'nameKeyAt' | 'keyAt' | 'readAt' | 'pristine' | 'subtree'>;

/** listedOf gives a tree's columns when it keeps them (a ScanTree), else null. */
export function listedOf(tree: Map<Key, Entry>): ListedTree | null {
  return tree instanceof ScanTree ? tree : null;
}
