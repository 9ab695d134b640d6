import type { Entry, Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';

/**
 * Columns are a scan listing in transfer form: each text column is UTF-8 bytes with the values
 * separated by '\0' (which no file name can hold), each number column a typed array. A worker
 * posts them with every buffer transferred, so nothing is copied or serialised on the way; a
 * structured clone of 90k objects, or even of two 7 MB strings, measured far slower.
 * UTF-8 is lossless here: names reach JavaScript already decoded by libuv, so they hold no lone
 * surrogates.
 */
export interface Columns {
  count: number;
  rels: Uint8Array;
  keys: Uint8Array;
  /** 0 file, 1 folder. */
  types: Uint8Array;
  sizes: Float64Array;
  mtimes: Float64Array;
  modes: Uint16Array;
  inos: Float64Array;
}

const encoder = new TextEncoder();

/** TextColumn appends '\0'-separated UTF-8 into a buffer grown by doubling. */
class TextColumn {
  private bytes = new Uint8Array(64 * 1024);
  private length = 0;

  /** push appends values already joined with '\0'. */
  push(joined: string): void {
    // Worst case 3 bytes per UTF-16 unit, plus the separator.
    const need = this.length + joined.length * 3 + 1;
    if (need > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(need, this.bytes.length * 2));
      bigger.set(this.bytes.subarray(0, this.length));
      this.bytes = bigger;
    }
    if (this.length > 0) this.bytes[this.length++] = 0;
    this.length += encoder.encodeInto(joined, this.bytes.subarray(this.length)).written;
  }

  /** done returns the filled part (a view: transferring it moves the whole buffer). */
  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * ColumnBuilder collects entries in walk order and packs them into Columns at the end. Numbers go
 * straight into typed arrays grown by doubling; text comes one folder at a time and is encoded
 * at once, so the walk's heap keeps no per-entry strings (retaining them cost more GC time than
 * the walk's own JavaScript).
 */
export class ColumnBuilder {
  private count = 0;
  private readonly rels = new TextColumn();
  private readonly keys = new TextColumn();
  private types = new Uint8Array(1024);
  private sizes = new Float64Array(1024);
  private mtimes = new Float64Array(1024);
  private modes = new Uint16Array(1024);
  private inos = new Float64Array(1024);

  /** add appends one entry's numbers; its rel and key follow in a later `text` call, in the same order. */
  add(isDir: boolean, size: number, mtimeMs: number, mode: number, ino: number): void {
    const i = this.count;
    if (i === this.types.length) this.grow();
    this.types[i] = isDir ? 1 : 0;
    this.sizes[i] = size;
    this.mtimes[i] = mtimeMs;
    this.modes[i] = mode;
    this.inos[i] = ino;
    this.count = i + 1;
  }

  /** text appends the rels and keys of the entries added since the last call. */
  text(rels: string[], keys: Key[]): void {
    if (rels.length === 0) return;
    this.rels.push(rels.join('\0'));
    this.keys.push(keys.join('\0'));
  }

  /** pack returns the collected entries as Columns (views on the builder's buffers; the builder is spent). */
  pack(): Columns {
    const n = this.count;
    return {
      count: n,
      rels: this.rels.done(),
      keys: this.keys.done(),
      types: this.types.subarray(0, n),
      sizes: this.sizes.subarray(0, n),
      mtimes: this.mtimes.subarray(0, n),
      modes: this.modes.subarray(0, n),
      inos: this.inos.subarray(0, n),
    };
  }

  private grow(): void {
    const n = this.types.length * 2;
    this.types = resized(this.types, new Uint8Array(n));
    this.sizes = resized(this.sizes, new Float64Array(n));
    this.mtimes = resized(this.mtimes, new Float64Array(n));
    this.modes = resized(this.modes, new Uint16Array(n));
    this.inos = resized(this.inos, new Float64Array(n));
  }
}

function resized<T extends Uint8Array | Uint16Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** transferablesOf lists the buffers of Columns, for postMessage's transfer list. */
export function transferablesOf(columns: Columns): ArrayBuffer[] {
  const { rels, keys, types, sizes, mtimes, modes, inos } = columns;
  return [rels, keys, types, sizes, mtimes, modes, inos].map((a) => a.buffer as ArrayBuffer);
}

const decoder = new TextDecoder();

/** columnsToTree builds the Tree (key → Entry, in walk order) and counts files and folders. */
export function columnsToTree(columns: Columns): { tree: Tree; files: number; dirs: number } {
  const tree: Tree = new Map();
  if (columns.count === 0) return { tree, files: 0, dirs: 0 };
  const rels = decoder.decode(columns.rels).split('\0');
  const keys = decoder.decode(columns.keys).split('\0');
  const { types, sizes, mtimes, modes, inos } = columns;
  let dirs = 0;
  for (let i = 0; i < columns.count; i++) {
    const isDir = types[i] === 1;
    if (isDir) dirs++;
    const entry: Entry = {
      rel: rels[i], type: isDir ? 'dir' : 'file', size: sizes[i], mtimeMs: mtimes[i], mode: modes[i], ino: inos[i],
    };
    tree.set(keys[i], entry);
  }
  return { tree, files: columns.count - dirs, dirs };
}
