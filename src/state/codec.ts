import { hash } from 'node:crypto';
import type { BaseRecord, SideRecord } from '../model/base.js';
import type { ConflictRecord } from '../model/conflict.js';
import type { Key } from '../model/key.js';
import { StateCorrupt } from './errors.js';
import type { RunInfo, StateData } from './types.js';

/**
 * FORMAT_VERSION of state.json. Bump it on every change of representation (Unison's archiveFormat habit);
 * a file of another version is set aside, never misread.
 *
 * File: `{"formatVersion":1,"checksum":"sha256:<hex of the payload's UTF-8 bytes>","payload":{…}}`, one line.
 * Payload: `{baseComplete, base: Row[], conflicts: ConflictRecord[], runs: RunInfo[], extra: {…}}`.
 * A base Row is an array, because 90k objects with long field names double the file and its parse time:
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
export const FORMAT_VERSION = 1;

type Row = (string | number | number[])[];

interface Payload {
  baseComplete: boolean;
  base: Row[];
  conflicts: ConflictRecord[];
  runs: RunInfo[];
  extra: Record<string, unknown>;
}

const HEAD = /^\{"formatVersion":(\d+),"checksum":"([a-z0-9]+):([0-9a-f]*)","payload":/;

/** encodeState renders the state as the text of state.json. */
export function encodeState(data: StateData): string {
  const base: Row[] = new Array(data.base.size);
  let i = 0;
  for (const [key, rec] of data.base) base[i++] = encodeRow(key, rec);
  const payload: Payload = {
    baseComplete: data.baseComplete, base, conflicts: [...data.conflicts.values()], runs: data.runs, extra: data.extra,
  };
  const text = JSON.stringify(payload);
  return `{"formatVersion":${FORMAT_VERSION},"checksum":"sha256:${checksum(text)}","payload":${text}}\n`;
}

/** decodeState parses the bytes of state.json, throwing StateCorrupt when they cannot be trusted. */
export function decodeState(bytes: Buffer): StateData {
  if (bytes.length === 0) throw new StateCorrupt('unreadable', 'the file is empty');
  const head = HEAD.exec(bytes.toString('latin1', 0, 300));
  if (!head) throw whyNoHeader(bytes.toString('utf8'));
  const version = Number(head[1]);
  if (version !== FORMAT_VERSION) {
    throw new StateCorrupt('formatVersion', `formatVersion ${head[1]} is unknown (this build reads ${FORMAT_VERSION})`);
  }
  let end = bytes.length - 1;
  while (end > 0 && isSpace(bytes[end])) end--;
  if (bytes[end] !== 0x7d) throw new StateCorrupt('unreadable', 'truncated: the file does not end with }');
  // The header is ASCII, so its length in characters is its length in bytes.
  const payload = bytes.subarray(head[0].length, end);
  if (head[2] !== 'sha256' || hash('sha256', payload, 'hex') !== head[3]) {
    throw new StateCorrupt('checksum', 'checksum mismatch: the file is damaged or was edited by hand');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new StateCorrupt('unreadable', `payload is not JSON: ${(err as Error).message}`);
  }
  return fromPayload(raw);
}

/** keyOf is the key a row's `1` stands for; fixed by the format, so it must not follow later changes to toKey. */
export function keyOf(rel: string): Key {
  return rel.normalize('NFC').toLowerCase();
}

function checksum(text: string): string {
  // Hashing a Buffer is ~5x faster than hashing the JS string directly.
  return hash('sha256', Buffer.from(text, 'utf8'), 'hex');
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function whyNoHeader(text: string): StateCorrupt {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return new StateCorrupt('unreadable', `not JSON: ${(err as Error).message}`);
  }
  const version = (doc as { formatVersion?: unknown } | null)?.formatVersion;
  if (version === undefined) return new StateCorrupt('unreadable', 'not a syncwarden state file (no formatVersion)');
  if (version !== FORMAT_VERSION) return new StateCorrupt('formatVersion', `formatVersion ${String(version)} is unknown`);
  return new StateCorrupt('checksum', 'the file was reformatted or edited by hand: its checksum cannot be verified');
}

function encodeRow(key: Key, rec: BaseRecord): Row {
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

function delta(left: number, right: number): number | number[] {
  const d = right - left;
  return left + d === right ? d : [right];
}

function undelta(left: number, stored: unknown): number {
  return typeof stored === 'number' ? left + stored : (stored as number[])[0];
}

function decodeRow(row: unknown): [Key, BaseRecord] {
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

function fromPayload(raw: unknown): StateData {
  const p = raw as Partial<Payload> | null;
  if (!p || typeof p !== 'object' || !Array.isArray(p.base) || !Array.isArray(p.conflicts) || !Array.isArray(p.runs)
    || typeof p.extra !== 'object' || p.extra === null || Array.isArray(p.extra)) {
    throw new StateCorrupt('invalid', 'the payload lacks base, conflicts, runs or extra');
  }
  const base = new Map<Key, BaseRecord>();
  for (const row of p.base) {
    const [key, rec] = decodeRow(row);
    base.set(key, rec);
  }
  const conflicts = new Map<Key, ConflictRecord>();
  for (const c of p.conflicts) {
    if (typeof c?.key !== 'string') throw new StateCorrupt('invalid', 'a conflict record has no key');
    conflicts.set(c.key, c);
  }
  return { baseComplete: p.baseComplete === true, base, conflicts, runs: p.runs, extra: p.extra };
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
