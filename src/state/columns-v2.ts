import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import { BaseMap } from './base-map.js';
import { StateCorrupt } from './errors.js';

/**
 * Format 2's base section (read only: the first write rewrites the file as format 3, see codec.ts):
 *
 * - `keys`: per row 0 = the key is the left rel, 1 = it is the left rel lower-cased, else the key itself.
 * - `rels`: the left rel per row; `rightRels`: [row, rel, row, rel …] where the right spelling differs.
 * - `nums`: base64 of little-endian doubles, 8 per row (left size, mtimeMs, mode, ino, then the right's),
 *   followed by one byte per row: 1 folder, 0 file.
 * - `hashes`: [left hashes, right hashes] by row ('' none), absent when no record has a hash.
 */
interface BaseSection2 {
  keys: (0 | 1 | string)[];
  rels: string[];
  rightRels: (number | string)[];
  nums: string;
  hashes?: [string[], string[]];
}

const NUMS2 = 8;

/** decodeBase2 reads a format 2 section into a BaseMap of records (read once, then rewritten); throws StateCorrupt when malformed. */
export function decodeBase2(raw: unknown): BaseMap {
  const s = raw as Partial<BaseSection2> | null;
  if (!s || !Array.isArray(s.keys) || !Array.isArray(s.rels) || !Array.isArray(s.rightRels) || typeof s.nums !== 'string') {
    throw new StateCorrupt('invalid', 'the base section lacks keys, rels, rightRels or nums');
  }
  const n = s.rels.length;
  const bytes = Buffer.from(s.nums, 'base64');
  if (s.keys.length !== n || bytes.length !== n * NUMS2 * 8 + n || (s.hashes && (s.hashes[0]?.length !== n || s.hashes[1]?.length !== n))) {
    throw new StateCorrupt('invalid', `the base section's columns disagree on the number of records (${n})`);
  }
  const rights = new Map<number, string>();
  for (let i = 0; i + 1 < s.rightRels.length; i += 2) rights.set(s.rightRels[i] as number, s.rightRels[i + 1] as string);
  const num = (i: number, j: number) => bytes.readDoubleLE((i * NUMS2 + j) * 8);
  const entries: [Key, BaseRecord][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const rel = s.rels[i];
    if (typeof rel !== 'string') throw new StateCorrupt('invalid', `base row ${i} has no rel`);
    const k = s.keys[i];
    const key = k === 0 ? rel : k === 1 ? rel.toLowerCase() : k;
    const left: SideRecord = { rel, size: num(i, 0), mtimeMs: num(i, 1), mode: num(i, 2), ino: num(i, 3) };
    const right: SideRecord = { rel: rights.get(i) ?? rel, size: num(i, 4), mtimeMs: num(i, 5), mode: num(i, 6), ino: num(i, 7) };
    const hl = s.hashes?.[0][i];
    const hr = s.hashes?.[1][i];
    if (hl) left.hash = hl;
    if (hr) right.hash = hr;
    entries[i] = [key, { type: bytes[n * NUMS2 * 8 + i] === 1 ? 'dir' : 'file', left, right }];
  }
  return new BaseMap(entries);
}
