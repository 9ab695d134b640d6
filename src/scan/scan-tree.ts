import type { Entry } from '../model/entry.js';
import type { Key } from '../model/key.js';

const FIRST_ROWS = 8192;

/**
 * ScanTree is a scan's listing (key → Entry) kept as columns: one typed array per number and the relative path
 * per row, which is the key's own string whenever the spelling is the key (case-sensitive runs, NFC names:
 * almost every path). An entry becomes an object only when it is read (`get`, iteration) and is then kept, so
 * callers that change it (hashes) see their change. A pass that only compares unchanged paths against the base
 * reads the columns through `rowOf` and the `*At` accessors instead (facts/unchanged): at 90,000 paths per side
 * the entry objects were ~350 bytes a path and most of the listing's build time and garbage.
 * It behaves as a Map in every way a caller can see (order, size, iteration, set/delete).
 */
export class ScanTree implements Map<Key, Entry> {
  readonly #index = new Map<Key, number | Entry>();
  // Per row its key, and whether the index still maps that key to the row (not read into an Entry, deleted or set).
  #keys: Key[] = [];
  #live = new Uint8Array(FIRST_ROWS);
  // The row rowOf expects next: the two sides and the base list their common paths in one order, so most
  // lookups of a pass that goes through the keys in order are one string comparison instead of a hash probe.
  #next = 0;
  #nextHas = 0;
  #rels: string[] = [];
  #types = new Uint8Array(FIRST_ROWS);
  #sizes = new Float64Array(FIRST_ROWS);
  #mtimes = new Float64Array(FIRST_ROWS);
  #modes = new Uint16Array(FIRST_ROWS);
  #inos = new Float64Array(FIRST_ROWS);

  /** addRow stores row `row` (rows come in walk order, each once) under `key`; `rel` is `key` itself when they are equal. */
  addRow(key: Key, row: number, rel: string, isDir: boolean, size: number, mtimeMs: number, mode: number, ino: number): void {
    if (row >= this.#types.length) this.#grow(row + 1);
    this.#rels[row] = rel;
    this.#keys[row] = key;
    this.#live[row] = 1;
    this.#types[row] = isDir ? 1 : 0;
    this.#sizes[row] = size;
    this.#mtimes[row] = mtimeMs;
    this.#modes[row] = mode;
    this.#inos[row] = ino;
    this.#index.set(key, row);
  }

  /** reserve makes room for rows up to `rows` (a batch's end) in one step. */
  reserve(rows: number): void {
    if (rows > this.#types.length) this.#grow(rows);
  }

  /** rowOf is the row of a key not yet read into an object, or -1 (absent, or an Entry now: read it with get). */
  rowOf(key: Key): number {
    const guess = this.#next;
    if (this.#live[guess] === 1 && this.#keys[guess] === key) {
      this.#next = guess + 1;
      return guess;
    }
    const v = this.#index.get(key);
    if (typeof v !== 'number') return -1;
    this.#next = v + 1;
    return v;
  }

  relAt(row: number): string { return this.#rels[row]; }
  isDirAt(row: number): boolean { return this.#types[row] === 1; }
  sizeAt(row: number): number { return this.#sizes[row]; }
  mtimeAt(row: number): number { return this.#mtimes[row]; }
  modeAt(row: number): number { return this.#modes[row]; }

  get size(): number { return this.#index.size; }
  get [Symbol.toStringTag](): string { return 'ScanTree'; }

  has(key: Key): boolean {
    // Its own expected row: gather asks `has` of one listing while going through another's keys in order.
    const guess = this.#nextHas;
    if (this.#live[guess] === 1 && this.#keys[guess] === key) {
      this.#nextHas = guess + 1;
      return true;
    }
    const v = this.#index.get(key);
    if (typeof v === 'number') this.#nextHas = v + 1;
    return v !== undefined;
  }

  get(key: Key): Entry | undefined {
    const v = this.#index.get(key);
    if (typeof v !== 'number') return v;
    this.#live[v] = 0;
    const entry = this.#entryAt(v);
    this.#index.set(key, entry);
    return entry;
  }

  set(key: Key, entry: Entry): this {
    this.#unlive(key);
    this.#index.set(key, entry);
    return this;
  }

  delete(key: Key): boolean {
    this.#unlive(key);
    return this.#index.delete(key);
  }

  clear(): void {
    this.#index.clear();
    this.#live.fill(0);
  }

  keys(): MapIterator<Key> { return this.#index.keys(); }

  *entries(): MapIterator<[Key, Entry]> {
    for (const key of this.#index.keys()) yield [key, this.get(key)!];
  }

  *values(): MapIterator<Entry> {
    for (const key of this.#index.keys()) yield this.get(key)!;
  }

  [Symbol.iterator](): MapIterator<[Key, Entry]> { return this.entries(); }

  forEach(fn: (value: Entry, key: Key, map: Map<Key, Entry>) => void, thisArg?: unknown): void {
    for (const [key, entry] of this.entries()) fn.call(thisArg, entry, key, this);
  }

  #unlive(key: Key): void {
    const v = this.#index.get(key);
    if (typeof v === 'number') this.#live[v] = 0;
  }

  // The same property order as every other Entry, so all entries share one shape.
  #entryAt(row: number): Entry {
    return { rel: this.#rels[row], type: this.#types[row] === 1 ? 'dir' : 'file', size: this.#sizes[row], mtimeMs: this.#mtimes[row], mode: this.#modes[row], ino: this.#inos[row] };
  }

  #grow(need: number): void {
    let n = this.#types.length * 2;
    while (n < need) n *= 2;
    this.#types = grown(this.#types, new Uint8Array(n));
    this.#live = grown(this.#live, new Uint8Array(n));
    this.#sizes = grown(this.#sizes, new Float64Array(n));
    this.#mtimes = grown(this.#mtimes, new Float64Array(n));
    this.#modes = grown(this.#modes, new Uint16Array(n));
    this.#inos = grown(this.#inos, new Float64Array(n));
  }
}

function grown<T extends Uint8Array | Uint16Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** ListedTree is what facts/unchanged reads of a listing: the columns of a ScanTree (duck-typed: any Tree may be given). */
export type ListedTree = Pick<ScanTree, 'rowOf' | 'relAt' | 'isDirAt' | 'sizeAt' | 'mtimeAt' | 'modeAt'>;

/** listedOf gives a tree's columns when it keeps them (a ScanTree), else null. */
export function listedOf(tree: Map<Key, Entry>): ListedTree | null {
  return tree instanceof ScanTree ? tree : null;
}
