import type { Key } from '../model/key.js';
import { TextColumn, type Text } from './text-column.js';

/**
 * Columns are one batch of a scan listing in transfer form: each entry's name and name key as
 * text, the index of its folder's entry (-1 at the root; indices count from the first entry of the
 * whole walk), and its numbers, in typed arrays. A worker posts them with every buffer transferred,
 * so nothing is copied or serialised on the way. Names rather than whole paths: a quarter of the
 * bytes to write, touch and read, which on this kind of workload is time.
 */
export interface Columns {
  /** Walk index of the batch's first entry. */
  start: number;
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

/** BATCH is the entries per posted batch: small enough that the receiving thread builds the tree while the walk goes on. */
export const BATCH = 8192;

/**
 * ColumnBuilder collects entries in walk order and hands them out in batches. Numbers go straight
 * into typed arrays; text comes one folder at a time (see TextColumn), so the walk's heap keeps no
 * per-entry strings (retaining them cost more GC time than the walk's own JavaScript).
 */
export class ColumnBuilder {
  private start = 0;
  private size = 0;
  private names = new TextColumn();
  private nameKeys = new TextColumn();
  private parents = new Int32Array(BATCH);
  private types = new Uint8Array(BATCH);
  private sizes = new Float64Array(BATCH);
  private mtimes = new Float64Array(BATCH);
  private modes = new Uint16Array(BATCH);
  private inos = new Float64Array(BATCH);

  /** count is the number of entries added so far in the whole walk (the index the next one gets). */
  get count(): number {
    return this.start + this.size;
  }

  /** full tells whether a batch is due (ask between folders, once their text is in). */
  get full(): boolean {
    return this.size >= BATCH;
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

  /** take returns the entries since the last batch (views on buffers that are then the caller's) and starts a new batch. */
  take(): Columns {
    const n = this.size;
    const batch: Columns = {
      start: this.start, count: n, names: this.names.done(), nameKeys: this.nameKeys.done(),
      parents: this.parents.subarray(0, n), types: this.types.subarray(0, n), sizes: this.sizes.subarray(0, n),
      mtimes: this.mtimes.subarray(0, n), modes: this.modes.subarray(0, n), inos: this.inos.subarray(0, n),
    };
    this.start += n;
    this.size = 0;
    this.names = new TextColumn();
    this.nameKeys = new TextColumn();
    this.allocate(BATCH);
    return batch;
  }

  // A folder of more than BATCH entries overfills a batch: its text must stay with its numbers.
  private grow(): void {
    const old = { parents: this.parents, types: this.types, sizes: this.sizes, mtimes: this.mtimes, modes: this.modes, inos: this.inos };
    this.allocate(this.types.length * 2);
    this.parents.set(old.parents);
    this.types.set(old.types);
    this.sizes.set(old.sizes);
    this.mtimes.set(old.mtimes);
    this.modes.set(old.modes);
    this.inos.set(old.inos);
  }

  private allocate(n: number): void {
    this.parents = new Int32Array(n);
    this.types = new Uint8Array(n);
    this.sizes = new Float64Array(n);
    this.mtimes = new Float64Array(n);
    this.modes = new Uint16Array(n);
    this.inos = new Float64Array(n);
  }
}

/** transferablesOf lists the buffers of Columns, for postMessage's transfer list. */
export function transferablesOf(columns: Columns): ArrayBuffer[] {
  const { names, nameKeys, parents, types, sizes, mtimes, modes, inos } = columns;
  return [names.bytes, nameKeys.bytes, parents, types, sizes, mtimes, modes, inos].map((a) => a.buffer as ArrayBuffer);
}
