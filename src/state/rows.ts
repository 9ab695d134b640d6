import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import { StateCorrupt } from './errors.js';

/**
 * Row is one base record as a JSON array: the representation of format 1's base and of every journal line
 * (a few changed records, where compactness matters more than decode speed):
 *
 *   [key, rel, type, size, mtimeMs, mode, ino, rightRel, rightSize, rightMtimeMs, rightMode, rightIno, (leftHash, rightHash)]
 *
 * - key: 0 = same as rel; 1 = keyOf(rel) (NFC + lower case, the Windows-semantics key); else the key string.
 * - type: 0 file, 1 dir. rel/size/mtimeMs/mode/ino are the left side's.
 * - rightRel: 0 = same as left's rel. rightSize, rightMtimeMs: a number is the difference from left's
 *   (0 when the sides agree, the usual case); `[n]` is the absolute value, used when a difference
 *   would not round-trip exactly (fractional mtimes).
 * - The two hashes are present only when either side has one; 0 means none.
 */
export type Row = (string | number | number[])[];

/** keyOf is the key a row's `1` stands for; fixed by the format, so it must not follow later changes to toKey. */
export function keyOf(rel: string): Key {
  return rel.normalize('NFC').toLowerCase();
}

/** encodeRow renders one base record as a Row. */
export function encodeRow(key: Key, rec: BaseRecord): Row {
  const l = rec.left;
  const r = rec.right;
  const keyRef = key === l.rel ? 0 : key === keyOf(l.rel) ? 1 : key;
  const row: Row = [
    keyRef, l.rel, rec.type === 'dir' ? 1 : 0, l.size, l.mtimeMs, l.mode, l.ino,
    r.rel === l.rel ? 0 : r.rel, delta(l.size, r.size), delta(l.mtimeMs, r.mtimeMs), r.mode, r.ino,
  ];
  if (l.hash !== undefined || r.hash !== undefined) row.push(l.hash ?? 0, r.hash ?? 0);
  return row;
}

/** decodeRow turns a Row back into its key and record, throwing StateCorrupt when it is malformed. */
export function decodeRow(row: unknown): [Key, BaseRecord] {
  if (!Array.isArray(row) || row.length < 12 || typeof row[1] !== 'string' || typeof row[3] !== 'number') {
    throw new StateCorrupt('invalid', `a base row is malformed: ${JSON.stringify(row)?.slice(0, 200)}`);
  }
  const rel = row[1] as string;
  const key = row[0] === 0 ? rel : row[0] === 1 ? keyOf(rel) : (row[0] as string);
  const left: SideRecord = { rel, size: row[3], mtimeMs: row[4], mode: row[5], ino: row[6] };
  const right: SideRecord = {
    rel: row[7] === 0 ? rel : row[7], size: undelta(left.size, row[8]), mtimeMs: undelta(left.mtimeMs, row[9]),
    mode: row[10], ino: row[11],
  };
  if (row.length > 12) {
    if (row[12] !== 0) left.hash = row[12];
    if (row[13] !== 0) right.hash = row[13];
  }
  return [key, { type: row[2] === 1 ? 'dir' : 'file', left, right }];
}

function delta(left: number, right: number): number | number[] {
  const d = right - left;
  return left + d === right ? d : [right];
}

function undelta(left: number, stored: unknown): number {
  return typeof stored === 'number' ? left + stored : (stored as number[])[0];
}

/** cleanRecord copies only the persisted fields of a base record, and rejects values JSON cannot carry. */
export function cleanRecord(rec: BaseRecord): BaseRecord {
  return { type: rec.type, left: cleanSide(rec.left), right: cleanSide(rec.right) };
}

function cleanSide(side: SideRecord): SideRecord {
  // A copy of only the persisted fields: callers often pass a scanner Entry, and later mutations must not leak in.
  const out: SideRecord = { rel: side.rel, size: side.size, mtimeMs: side.mtimeMs, mode: side.mode, ino: side.ino };
  if (!Number.isFinite(out.size) || !Number.isFinite(out.mtimeMs) || typeof out.rel !== 'string') {
    throw new TypeError(`invalid base side record: ${JSON.stringify(side)}`);
  }
  if (side.hash !== undefined) out.hash = side.hash;
  return out;
}
