import type { BaseRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import { BaseMap, foldName, KEYED, NUMS, type BaseColumns, type Fold } from './base-map.js';
import { StateCorrupt } from './errors.js';

/**
 * BaseSection is format 3's base in state.json: a tree of rows in the walk's own order (scan/walk-core
 * listFolder: a folder's entries sorted by name, then each subfolder's, depth first), each row its parent row
 * and its last name segment, so a load builds no full path and no key, and a pass pairs base rows with the
 * listings' rows by tree position (facts/gather). Format 2 stored every full path and 8 doubles per record
 * (17.7 MB at 90k, 0.23 s to load).
 *
 * - `rows`: the number of records.
 * - `names`: the left spelling's last segment per row, joined by '/' (which no name holds); '' for an odd row.
 * - `rightNames`: [row, segment …] where the right spelling's segment differs from the left's.
 * - `odd`: [row, left path, right path or 0 (the left's) …] for rows whose spelling on a side is not their parent's plus one
 *   segment (a base without some folder's own record, or records spelled apart from their folder's).
 * - `fold` and `keys`: a row's key is its parent's key, '/', and its left segment folded by `fold`
 *   (0 as is, 1 NFC, 2 NFC and lower case: see foldName); `keys` is [row, fold or whole key …] for the rows
 *   folded otherwise, and every odd row has its whole key there.
 * - `nums`: base64 of one record after another: a flags byte (1 folder, 2/4/8 the right's size/mtime/mode
 *   differs from the left's), then as numbers (see putNum) the parent row, the left size, mtimeMs, mode and
 *   ino, the right's size, mtimeMs, mode where flagged, and the right ino. Parent, mtimes, modes and inos are
 *   stored as differences from the previous row's, the right's flagged values from the left's: small numbers in
 *   a byte or two. Every value round-trips exactly (fractional mtimes, inos beyond 2^53 as doubles).
 * - `hashes`: [row, left hash, right hash …] ('' none), absent when no record has a hash.
 */
export interface BaseSection {
  rows: number;
  names: string;
  rightNames: (number | string)[];
  odd: (number | string)[];
  fold: Fold;
  keys: (number | string)[];
  nums: string;
  hashes?: (number | string)[];
}

const DIR = 1;
const R_SIZE = 2;
const R_MTIME = 4;
const R_MODE = 8;

/** encodeBase renders a base as its section, reading unread rows straight from their columns. */
export function encodeBase(base: BaseMap): BaseSection {
  const index = base.raw();
  const n = index.size;
  const keys: Key[] = new Array(n);
  const lrel: string[] = new Array(n);
  const rrel: string[] = new Array(n);
  const recs: (BaseRecord | number)[] = new Array(n);
  const pos = new Map<Key, number>();
  let i = 0;
  for (const [key, v] of index) {
    keys[i] = key;
    recs[i] = v;
    lrel[i] = typeof v === 'number' ? base.relAt(v, 'left') : v.left.rel;
    rrel[i] = typeof v === 'number' ? base.relAt(v, 'right') : v.right.rel;
    pos.set(key, i++);
  }
  // Each record's parent is the nearest folder above it that the base holds.
  const parent = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    let k = keys[j];
    let p = -1;
    for (let slash = k.lastIndexOf('/'); slash > 0; slash = k.lastIndexOf('/')) {
      k = k.slice(0, slash);
      const found = pos.get(k);
      if (found !== undefined) {
        p = found;
        break;
      }
    }
    parent[j] = p;
  }
  const lseg: string[] = new Array(n);
  const rseg: string[] = new Array(n);
  const odd = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const p = parent[j];
    const l = segmentOf(lrel[j], p < 0 ? '' : `${lrel[p]}/`);
    const r = segmentOf(rrel[j], p < 0 ? '' : `${rrel[p]}/`);
    if (l === null || r === null) odd[j] = 1;
    lseg[j] = l ?? '';
    rseg[j] = r ?? '';
  }
  const order = walkOrder(parent, (j) => (odd[j] ? lrel[j] : lseg[j]));
  const rowOf = new Int32Array(n);
  for (let j = 0; j < n; j++) rowOf[order[j]] = j;

  // Which folds give each row's key; the most common one is the section's.
  const folds = new Uint8Array(n);
  const counts = [0, 0, 0];
  for (let j = 0; j < n; j++) {
    const p = parent[j];
    const prefix = p < 0 ? '' : `${keys[p]}/`;
    const key = keys[j];
    if (odd[j] || !key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    let mask = 0;
    for (let f = 0; f < 3; f++) if (foldName(lseg[j], f) === rest) { mask |= 1 << f; counts[f]++; }
    folds[j] = mask;
  }
  const fold: Fold = counts[2] > counts[0] && counts[2] >= counts[1] ? 2 : counts[1] > counts[0] ? 1 : 0;

  const names: string[] = new Array(n);
  const rightNames: (number | string)[] = [];
  const oddOut: (number | string)[] = [];
  const keysOut: (number | string)[] = [];
  const hashes: (number | string)[] = [];
  const out = new NumWriter(n * 12);
  let prev = { parent: -1, mtime: 0, mode: 0, ino: 0, rino: 0 };
  for (let row = 0; row < n; row++) {
    const j = order[row];
    const v = recs[j];
    names[row] = lseg[j];
    if (odd[j]) oddOut.push(row, lrel[j], rrel[j] === lrel[j] ? 0 : rrel[j]);
    else if (rseg[j] !== lseg[j]) rightNames.push(row, rseg[j]);
    const mask = folds[j];
    if (odd[j] || mask === 0) keysOut.push(row, keys[j]);
    else if ((mask & (1 << fold)) === 0) keysOut.push(row, mask & 1 ? 0 : mask & 2 ? 1 : 2);
    const num = (side: Side, f: number) => (typeof v === 'number' ? base.numAt(v, side, f) : numOf(v, side, f));
    const [ls, lm, lmode, lino, rs, rm, rmode, rino] = [num('left', 0), num('left', 1), num('left', 2), num('left', 3), num('right', 0), num('right', 1), num('right', 2), num('right', 3)];
    const dir = typeof v === 'number' ? base.isDirAt(v) : v.type === 'dir';
    const flags = (dir ? DIR : 0) | (same(rs, ls) ? 0 : R_SIZE) | (same(rm, lm) ? 0 : R_MTIME) | (same(rmode, lmode) ? 0 : R_MODE);
    const p = parent[j] < 0 ? -1 : rowOf[parent[j]];
    out.byte(flags);
    out.num(p, prev.parent);
    out.num(ls, 0);
    out.num(lm, prev.mtime);
    out.num(lmode, prev.mode);
    out.num(lino, prev.ino);
    if (flags & R_SIZE) out.num(rs, ls);
    if (flags & R_MTIME) out.num(rm, lm);
    if (flags & R_MODE) out.num(rmode, lmode);
    out.num(rino, prev.rino);
    prev = { parent: p, mtime: lm, mode: lmode, ino: lino, rino };
    const hl = typeof v === 'number' ? base.hashAt(v, 'left') : v.left.hash;
    const hr = typeof v === 'number' ? base.hashAt(v, 'right') : v.right.hash;
    if (hl !== undefined || hr !== undefined) hashes.push(row, hl ?? '', hr ?? '');
  }
  const section: BaseSection = { rows: n, names: names.join('/'), rightNames, odd: oddOut, fold, keys: keysOut, nums: out.done().toString('base64') };
  if (hashes.length) section.hashes = hashes;
  return section;
}

/** decodeBase reads a section back into a BaseMap whose keys, paths and records are made on first access; throws StateCorrupt when malformed. */
export function decodeBase(raw: unknown): BaseMap {
  const s = raw as Partial<BaseSection> | null;
  if (!s || typeof s.rows !== 'number' || typeof s.names !== 'string' || !Array.isArray(s.rightNames) || !Array.isArray(s.odd)
    || !Array.isArray(s.keys) || typeof s.nums !== 'string' || (s.fold !== 0 && s.fold !== 1 && s.fold !== 2) || (s.hashes !== undefined && !Array.isArray(s.hashes))) {
    throw new StateCorrupt('invalid', 'the base section lacks rows, names, rightNames, odd, fold, keys or nums');
  }
  const n = s.rows;
  const names = n === 0 ? [] : s.names.split('/');
  if (!Number.isSafeInteger(n) || n < 0 || names.length !== n) throw new StateCorrupt('invalid', `the base section's names disagree with its ${n} rows`);
  const bad = (what: string) => new StateCorrupt('invalid', `the base section's ${what} is malformed`);
  const rowAt = (list: unknown[], i: number, what: string): number => {
    const row = list[i];
    if (typeof row !== 'number' || !Number.isInteger(row) || row < 0 || row >= n) throw bad(what);
    return row;
  };
  const rightNames = new Map<number, string>();
  for (let i = 0; i < s.rightNames.length; i += 2) {
    const name = s.rightNames[i + 1];
    if (typeof name !== 'string') throw bad('rightNames');
    rightNames.set(rowAt(s.rightNames, i, 'rightNames'), name);
  }
  const odd = new Map<number, [string, string]>();
  for (let i = 0; i < s.odd.length; i += 3) {
    const l = s.odd[i + 1];
    const r = s.odd[i + 2];
    if (typeof l !== 'string' || (typeof r !== 'string' && r !== 0)) throw bad('odd');
    odd.set(rowAt(s.odd, i, 'odd'), [l, r === 0 ? l : r]);
  }
  const folds = new Uint8Array(n).fill(s.fold);
  const keys = new Map<number, Key>();
  for (let i = 0; i < s.keys.length; i += 2) {
    const row = rowAt(s.keys, i, 'keys');
    const k = s.keys[i + 1];
    if (typeof k === 'string') {
      folds[row] = KEYED;
      keys.set(row, k);
    } else if (k === 0 || k === 1 || k === 2) folds[row] = k;
    else throw bad('keys');
  }
  for (const row of odd.keys()) if (folds[row] !== KEYED) throw bad('odd (a row without its key)');
  let hashes: Map<number, [string, string]> | null = null;
  if (s.hashes) {
    hashes = new Map();
    for (let i = 0; i < s.hashes.length; i += 3) {
      const l = s.hashes[i + 1];
      const r = s.hashes[i + 2];
      if (typeof l !== 'string' || typeof r !== 'string') throw bad('hashes');
      hashes.set(rowAt(s.hashes, i, 'hashes'), [l, r]);
    }
  }
  const parents = new Int32Array(n);
  const types = new Uint8Array(n);
  const nums = new Float64Array(n * NUMS);
  const inp = numReader(Buffer.from(s.nums, 'base64'));
  let pp = -1, pm = 0, pmode = 0, pino = 0, prino = 0;
  for (let row = 0; row < n; row++) {
    const flags = inp.byte();
    const p = inp.num(pp);
    if (!Number.isInteger(p) || p < -1 || p >= row) throw bad(`nums (row ${row}'s parent)`);
    const o = row * NUMS;
    const ls = inp.num(0);
    const lm = inp.num(pm);
    const lmode = inp.num(pmode);
    const lino = inp.num(pino);
    nums[o] = ls; nums[o + 1] = lm; nums[o + 2] = lmode; nums[o + 3] = lino;
    nums[o + 4] = flags & R_SIZE ? inp.num(ls) : ls;
    nums[o + 5] = flags & R_MTIME ? inp.num(lm) : lm;
    nums[o + 6] = flags & R_MODE ? inp.num(lmode) : lmode;
    const rino = inp.num(prino);
    nums[o + 7] = rino;
    parents[row] = p;
    types[row] = flags & DIR;
    pp = p; pm = lm; pmode = lmode; pino = lino; prino = rino;
  }
  if (!inp.atEnd()) throw bad('nums (bytes left over)');
  return BaseMap.fromColumns({ count: n, parents, names, rightNames, odd, folds, keys, nums, types, hashes });
}

// The segment a path adds to its parent's ('' prefix at the top level), or null when it adds more or other than one.
function segmentOf(rel: string, prefix: string): string | null {
  if (!rel.startsWith(prefix) || rel.length === prefix.length) return null;
  return rel.indexOf('/', prefix.length) < 0 ? rel.slice(prefix.length) : null;
}

/**
 * walkOrder lists the records as a walk meets them (scan/walk-core): the top level's sorted by name, then each
 * of them that has records inside, in that order, the same way (depth first). Returns the indices in that order.
 */
function walkOrder(parent: Int32Array, sortKey: (j: number) => string): Int32Array {
  const n = parent.length;
  // Children lists by counting: start[p + 1] … start[p + 2] in `kids` (p = -1 is the top level).
  const start = new Int32Array(n + 2);
  for (let j = 0; j < n; j++) start[parent[j] + 2]++;
  for (let p = 1; p < n + 2; p++) start[p] += start[p - 1];
  const fill = start.slice();
  const kids = new Int32Array(n);
  for (let j = 0; j < n; j++) kids[fill[parent[j] + 1]++] = j;
  const keys: string[] = new Array(n);
  for (let j = 0; j < n; j++) keys[j] = sortKey(j);
  const byName = (a: number, b: number) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0);
  const order = new Int32Array(n);
  let out = 0;
  const stack = [-1];
  while (stack.length) {
    const p = stack.pop()!;
    const list = kids.subarray(start[p + 1], start[p + 2]).sort(byName);
    order.set(list, out);
    out += list.length;
    for (let k = list.length - 1; k >= 0; k--) if (start[list[k] + 2] > start[list[k] + 1]) stack.push(list[k]);
  }
  return order;
}

function numOf(rec: BaseRecord, side: Side, f: number): number {
  const s = rec[side];
  return f === 0 ? s.size : f === 1 ? s.mtimeMs : f === 2 ? s.mode : s.ino;
}

function same(a: number, b: number): boolean {
  return Object.is(a, b);
}

/**
 * NumWriter writes numbers as varints: a value that is a safe integer whose difference `d` from its reference
 * is small (|d| < 2^50) is the varint of 4|d| (d >= 0) or 4|d| - 2 (d < 0); anything else (fractions, -0,
 * huge or non-finite values) is the varint 1 and the 8 bytes of the double.
 */
class NumWriter {
  #buf: Buffer;
  #len = 0;

  constructor(bytes: number) {
    this.#buf = Buffer.allocUnsafe(Math.max(64, bytes));
  }

  byte(b: number): void {
    this.#room(1);
    this.#buf[this.#len++] = b;
  }

  num(v: number, ref: number): void {
    const d = v - ref;
    if (Number.isSafeInteger(v) && Number.isSafeInteger(ref) && Math.abs(d) < 2 ** 50 && !Object.is(v, -0)) {
      this.#varint(d >= 0 ? d * 4 : -d * 4 - 2);
    } else {
      this.#varint(1);
      this.#room(8);
      this.#len = this.#buf.writeDoubleLE(v, this.#len);
    }
  }

  done(): Buffer {
    return this.#buf.subarray(0, this.#len);
  }

  #varint(u: number): void {
    this.#room(8);
    while (u >= 128) {
      this.#buf[this.#len++] = (u % 128) | 128;
      u = Math.floor(u / 128);
    }
    this.#buf[this.#len++] = u;
  }

  #room(need: number): void {
    if (this.#len + need <= this.#buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#len + need, this.#buf.length * 2));
    this.#buf.copy(bigger, 0, 0, this.#len);
    this.#buf = bigger;
  }
}

/** numReader reads what NumWriter wrote, one number per call (a closure over the bytes: the load's hot loop); running past the end is StateCorrupt. */
function numReader(buf: Buffer): { byte: () => number; num: (ref: number) => number; atEnd: () => boolean } {
  let at = 0;
  const byte = (): number => {
    if (at >= buf.length) throw short();
    return buf[at++];
  };
  const num = (ref: number): number => {
    let u = at < buf.length ? buf[at++] : -1;
    if (u >= 128) {
      u -= 128;
      for (let scale = 128; ; scale *= 128) {
        if (at >= buf.length || scale > 2 ** 56) throw short();
        const b = buf[at++];
        u += (b & 127) * scale;
        if (b < 128) break;
      }
    } else if (u < 0) throw short();
    if (u === 1) {
      if (at + 8 > buf.length) throw short();
      const v = buf.readDoubleLE(at);
      at += 8;
      return v;
    }
    const q = u % 4;
    if (q === 0) return ref + u / 4;
    if (q === 2) return ref - (u + 2) / 4;
    throw short();
  };
  return { byte, num, atEnd: () => at === buf.length };
}

function short(): StateCorrupt {
  return new StateCorrupt('invalid', "the base section's nums are cut short or malformed");
}
