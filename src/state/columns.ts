import { endianness } from 'node:os';
import type { BaseRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import { BaseMap, NUMS, type BaseColumns } from './base-map.js';
import { StateCorrupt } from './errors.js';

/**
 * BaseSection is format 2's base in state.json: columns instead of one array per record, because JSON.parse
 * pays per value and 90k records of 12 values dominated the load (measured: ~0.3 s of 0.65 s).
 *
 * - `keys`: per row 0 = the key is the left rel, 1 = it is the left rel lower-cased, else the key itself.
 * - `rels`: the left rel per row; `rightRels`: [row, rel, row, rel …] where the right spelling differs.
 * - `nums`: base64 of little-endian doubles, NUMS per row (left size, mtimeMs, mode, ino, then the right's),
 *   followed by one byte per row: 1 folder, 0 file. Doubles carry fractional mtimes and large inos exactly.
 * - `hashes`: [left hashes, right hashes] by row ('' none), absent when no record has a hash.
 */
export interface BaseSection {
  keys: (0 | 1 | string)[];
  rels: string[];
  rightRels: (number | string)[];
  nums: string;
  hashes?: [string[], string[]];
}

/** encodeBase renders a base as its section, copying unread rows straight from their columns. */
export function encodeBase(base: BaseMap): BaseSection {
  const { index, columns } = base.raw();
  const n = index.size;
  const keys: BaseSection['keys'] = new Array(n);
  const rels: string[] = new Array(n);
  const rightRels: (number | string)[] = [];
  const bytes = Buffer.alloc(n * NUMS * 8 + n);
  const nums = new Float64Array(bytes.buffer, bytes.byteOffset, n * NUMS);
  const hl: string[] = new Array(n);
  const hr: string[] = new Array(n);
  let hashed = false;
  let i = 0;
  for (const [key, v] of index) {
    const o = i * NUMS;
    if (typeof v === 'number') {
      const c = columns!;
      rels[i] = c.rels[v];
      nums.set(c.nums.subarray(v * NUMS, v * NUMS + NUMS), o);
      bytes[n * NUMS * 8 + i] = c.types[v];
      const right = c.rightRels.get(v);
      if (right !== undefined) rightRels.push(i, right);
      hl[i] = c.hashes?.left[v] ?? '';
      hr[i] = c.hashes?.right[v] ?? '';
    } else {
      writeRecord(v, nums, o, rels, rightRels, i);
      bytes[n * NUMS * 8 + i] = v.type === 'dir' ? 1 : 0;
      hl[i] = v.left.hash ?? '';
      hr[i] = v.right.hash ?? '';
    }
    hashed ||= hl[i] !== '' || hr[i] !== '';
    const rel = rels[i];
    keys[i] = key === rel ? 0 : key === rel.toLowerCase() ? 1 : key;
    i++;
  }
  if (endianness() !== 'LE') byteSwap(nums);
  const section: BaseSection = { keys, rels, rightRels, nums: bytes.toString('base64') };
  if (hashed) section.hashes = [hl, hr];
  return section;
}

function writeRecord(rec: BaseRecord, nums: Float64Array, o: number, rels: string[], rightRels: (number | string)[], i: number): void {
  const { left: l, right: r } = rec;
  rels[i] = l.rel;
  if (r.rel !== l.rel) rightRels.push(i, r.rel);
  nums[o] = l.size; nums[o + 1] = l.mtimeMs; nums[o + 2] = l.mode; nums[o + 3] = l.ino;
  nums[o + 4] = r.size; nums[o + 5] = r.mtimeMs; nums[o + 6] = r.mode; nums[o + 7] = r.ino;
}

/** decodeBase reads a section back into a BaseMap whose records are made on first access; throws StateCorrupt when malformed. */
export function decodeBase(raw: unknown): BaseMap {
  const s = raw as Partial<BaseSection> | null;
  if (!s || !Array.isArray(s.keys) || !Array.isArray(s.rels) || !Array.isArray(s.rightRels) || typeof s.nums !== 'string') {
    throw new StateCorrupt('invalid', 'the base section lacks keys, rels, rightRels or nums');
  }
  const n = s.rels.length;
  const bytes = Buffer.from(s.nums, 'base64');
  if (s.keys.length !== n || bytes.length !== n * NUMS * 8 + n || (s.hashes && (s.hashes[0]?.length !== n || s.hashes[1]?.length !== n))) {
    throw new StateCorrupt('invalid', `the base section's columns disagree on the number of records (${n})`);
  }
  // Float64Array needs an 8-byte aligned offset; a decoded buffer of this size is its own allocation, but be sure.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const nums = new Float64Array(aligned.buffer, aligned.byteOffset, n * NUMS);
  if (endianness() !== 'LE') byteSwap(nums);
  const cols: BaseColumns = {
    rels: s.rels, rightRels: rightRelsOf(s.rightRels), nums,
    types: aligned.subarray(n * NUMS * 8), hashes: s.hashes ? { left: s.hashes[0], right: s.hashes[1] } : null,
  };
  const keys: Key[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = s.keys[i];
    const rel = s.rels[i];
    if (typeof rel !== 'string') throw new StateCorrupt('invalid', `base row ${i} has no rel`);
    keys[i] = k === 0 ? rel : k === 1 ? rel.toLowerCase() : k;
  }
  return BaseMap.fromColumns(keys, cols);
}

function rightRelsOf(flat: (number | string)[]): Map<number, string> {
  const out = new Map<number, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) out.set(flat[i] as number, flat[i + 1] as string);
  return out;
}

// The file is little-endian everywhere; only a big-endian machine pays for the swap.
function byteSwap(nums: Float64Array): void {
  const b = new Uint8Array(nums.buffer, nums.byteOffset, nums.byteLength);
  for (let i = 0; i < b.length; i += 8) b.subarray(i, i + 8).reverse();
}
