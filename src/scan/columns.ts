import type { Entry, Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';

/**
 * Text is one text column: the values separated by '\0' (which no file name can hold), as Latin-1
 * bytes when every character fits in one byte and as UTF-16LE otherwise. Both are plain copies of
 * V8's own string storage: reading them back measured 4x faster than UTF-8, and they are lossless
 * for any JavaScript string.
 */
export interface Text {
  bytes: Uint8Array;
  wide: boolean;
}

/**
 * Columns are a scan listing in transfer form: each entry's name and name key as text, the index
 * of its folder's entry (-1 at the root), and its numbers, in typed arrays. A worker posts them with
 * every buffer transferred, so nothing is copied or serialised on the way. Names rather than whole
 * paths: a quarter of the bytes to write, touch and read, which on this kind of workload is time.
 */
export interface Columns {
  count: number;
  names: Text;
  nameKeys: Text;
  parents: Int32Array;
  /** 0 file, 1 folder. */
  types: Uint8Array;
  sizes: Float64Array;
  mtimes: Float64Array;
  modes: Uint16Array;
  inos: Float64Array;
}

const NOT_LATIN1 = /[^\x00-\xff]/;

/**
 * TextColumn appends '\0'-separated values into a buffer grown by doubling. Folder chunks are
 * batched into ~64k characters per write: each write into a Buffer costs a few microseconds of
 * call overhead, which per folder was most of the column's cost.
 */
class TextColumn {
  private bytes = Buffer.allocUnsafeSlow(256 * 1024);
  private length = 0;
  private wide = false;
  private pending: string[] = [];
  private pendingChars = 0;

  /** push appends values already joined with '\0'. */
  push(joined: string): void {
    this.pending.push(joined);
    this.pendingChars += joined.length + 1;
    if (this.pendingChars >= 64 * 1024) this.flush();
  }

  /** done returns the filled part (a view: transferring it moves the whole buffer). */
  done(): Text {
    this.flush();
    return { bytes: this.bytes.subarray(0, this.length), wide: this.wide };
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = (this.length > 0 ? '\0' : '') + this.pending.join('\0');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.wide && NOT_LATIN1.test(text)) this.widen();
    this.reserve(this.length + text.length * (this.wide ? 2 : 1));
    this.length += this.bytes.write(text, this.length, this.wide ? 'utf16le' : 'latin1');
  }

  // The first character beyond Latin-1 turns the column into UTF-16 from then on.
  private widen(): void {
    const text = this.bytes.toString('latin1', 0, this.length);
    this.bytes = Buffer.allocUnsafeSlow(Math.max(256 * 1024, this.length * 4));
    this.length = this.bytes.write(text, 0, 'utf16le');
    this.wide = true;
  }

  private reserve(need: number): void {
    if (need <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }
}

/**
 * ColumnBuilder collects entries in walk order and packs them into Columns at the end. Numbers go
 * straight into typed arrays grown by doubling; text comes one folder at a time and is encoded
 * at once, so the walk's heap keeps no per-entry strings (retaining them cost more GC time than
 * the walk's own JavaScript).
 */
export class ColumnBuilder {
  private size = 0;
  private readonly names = new TextColumn();
  private readonly nameKeys = new TextColumn();
  private parents = new Int32Array(1024);
  private types = new Uint8Array(1024);
  private sizes = new Float64Array(1024);
  private mtimes = new Float64Array(1024);
  private modes = new Uint16Array(1024);
  private inos = new Float64Array(1024);

  /** count is the number of entries added so far (the index the next one gets). */
  get count(): number {
    return this.size;
  }

  /** add appends one entry's numbers; its name and name key follow in a later `text` call, in the same order. */
  add(parent: number, isDir: boolean, size: number, mtimeMs: number, mode: number, ino: number): void {
    const i = this.size;
    if (i === this.types.length) this.grow();
    this.parents[i] = parent;
    this.types[i] = isDir ? 1 : 0;
    this.sizes[i] = size;
    this.mtimes[i] = mtimeMs;
    this.modes[i] = mode;
    this.inos[i] = ino;
    this.size = i + 1;
  }

  /** text appends the names and name keys of the entries added since the last call. */
  text(names: string[], nameKeys: Key[]): void {
    if (names.length === 0) return;
    this.names.push(names.join('\0'));
    this.nameKeys.push(nameKeys.join('\0'));
  }

  /** pack returns the collected entries as Columns (views on the builder's buffers; the builder is spent). */
  pack(): Columns {
    const n = this.size;
    return {
      count: n,
      names: this.names.done(),
      nameKeys: this.nameKeys.done(),
      parents: this.parents.subarray(0, n),
      types: this.types.subarray(0, n),
      sizes: this.sizes.subarray(0, n),
      mtimes: this.mtimes.subarray(0, n),
      modes: this.modes.subarray(0, n),
      inos: this.inos.subarray(0, n),
    };
  }

  private grow(): void {
    const n = this.types.length * 2;
    this.parents = resized(this.parents, new Int32Array(n));
    this.types = resized(this.types, new Uint8Array(n));
    this.sizes = resized(this.sizes, new Float64Array(n));
    this.mtimes = resized(this.mtimes, new Float64Array(n));
    this.modes = resized(this.modes, new Uint16Array(n));
    this.inos = resized(this.inos, new Float64Array(n));
  }
}

function resized<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** transferablesOf lists the buffers of Columns, for postMessage's transfer list. */
export function transferablesOf(columns: Columns): ArrayBuffer[] {
  const { names, nameKeys, parents, types, sizes, mtimes, modes, inos } = columns;
  return [names.bytes, nameKeys.bytes, parents, types, sizes, mtimes, modes, inos].map((a) => a.buffer as ArrayBuffer);
}

function decode(text: Text): string {
  return Buffer.from(text.bytes.buffer, text.bytes.byteOffset, text.bytes.length).toString(text.wide ? 'utf16le' : 'latin1');
}

/**
 * columnsToTree builds the Tree (key → Entry, in walk order) and counts files and folders. Each
 * path is its folder's path plus '/' plus its name: parents come first, so one pass suffices.
 */
export function columnsToTree(columns: Columns): { tree: Tree; files: number; dirs: number } {
  const tree: Tree = new Map();
  const n = columns.count;
  if (n === 0) return { tree, files: 0, dirs: 0 };
  const names = decode(columns.names).split('\0');
  const nameKeys = decode(columns.nameKeys).split('\0');
  // Per folder, its path and key with the trailing '/', so each entry costs one concatenation each.
  const relDirs: string[] = new Array(n);
  const keyDirs: Key[] = new Array(n);
  const { parents, types, sizes, mtimes, modes, inos } = columns;
  let dirs = 0;
  for (let i = 0; i < n; i++) {
    const p = parents[i];
    const rel = p < 0 ? names[i] : relDirs[p] + names[i];
    const key = p < 0 ? nameKeys[i] : keyDirs[p] + nameKeys[i];
    const isDir = types[i] === 1;
    if (isDir) {
      dirs++;
      relDirs[i] = `${rel}/`;
      keyDirs[i] = `${key}/`;
    }
    tree.set(key, { rel, type: isDir ? 'dir' : 'file', size: sizes[i], mtimeMs: mtimes[i], mode: modes[i], ino: inos[i] });
  }
  return { tree, files: n - dirs, dirs };
}
