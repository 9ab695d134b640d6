import { hash } from 'node:crypto';
import type { ConflictRecord } from '../model/conflict.js';
import type { Key } from '../model/key.js';
import { BaseMap } from './base-map.js';
import { decodeBase, encodeBase, type BaseSection } from './columns.js';
import { decodeBase2 } from './columns-v2.js';
import { StateCorrupt } from './errors.js';
import { decodeRow, type Row } from './rows.js';
import type { RunInfo, StateData } from './types.js';

/**
 * FORMAT_VERSION of state.json, the snapshot. Bump it on every change of representation (Unison's
 * archiveFormat habit); a file of an unknown version is set aside, never misread. Versions 1 (one Row per
 * record, no journal) and 2 (a base of full paths in columns: columns-v2.ts) are still read, and rewritten as
 * version 3 (a tree of rows: columns.ts) by the first write (StateStore.close compacts an outdated file).
 *
 * File: `{"formatVersion":3,"checksum":"sha256:<hex of the payload's bytes>","payload":{…}}`, one line of ASCII.
 * Payload: `{seq, baseComplete, base: BaseSection (columns.ts), conflicts: ConflictRecord[], runs: RunInfo[], extra: {…}}`;
 * `seq` is the last journal entry folded into this snapshot (journal.ts).
 */
export const FORMAT_VERSION = 3;
const READS = [1, 2, 3];

interface Payload {
  seq?: number;
  baseComplete: boolean;
  base: BaseSection | Row[];
  conflicts: ConflictRecord[];
  runs: RunInfo[];
  extra: Record<string, unknown>;
}

const HEAD = /^\{"formatVersion":(\d+),"checksum":"([a-z0-9]+):([0-9a-f]*)","payload":/;

/** encodeState renders the state as the text of state.json. */
export function encodeState(data: StateData): string {
  const payload: Payload = {
    seq: data.seq, baseComplete: data.baseComplete, base: encodeBase(data.base), conflicts: [...data.conflicts.values()],
    runs: data.runs, extra: data.extra,
  };
  const text = asciiOnly(JSON.stringify(payload));
  return `{"formatVersion":${FORMAT_VERSION},"checksum":"sha256:${checksum(text)}","payload":${text}}\n`;
}

/** Decoded is a snapshot as read: the state, and the format version it was written in. */
export interface Decoded { data: StateData; version: number }

/** decodeState parses the bytes of state.json, throwing StateCorrupt when they cannot be trusted. */
export function decodeState(bytes: Buffer): Decoded {
  if (bytes.length === 0) throw new StateCorrupt('unreadable', 'the file is empty');
  const head = HEAD.exec(bytes.toString('latin1', 0, 300));
  if (!head) throw whyNoHeader(bytes.toString('utf8'));
  const version = Number(head[1]);
  if (!READS.includes(version)) {
    throw new StateCorrupt('formatVersion', `formatVersion ${head[1]} is unknown (this build reads ${READS.join(', ')})`);
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
  return { data: fromPayload(raw, version), version };
}

// Non-ASCII characters written as \u escapes: decoding an ASCII file to a string and parsing it is ~3x faster
// than the same with a few accented names in it (V8 then builds and scans a two-byte string).
function asciiOnly(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
  if (typeof version !== 'number' || !READS.includes(version)) return new StateCorrupt('formatVersion', `formatVersion ${String(version)} is unknown`);
  return new StateCorrupt('checksum', 'the file was reformatted or edited by hand: its checksum cannot be verified');
}

function fromPayload(raw: unknown, version: number): StateData {
  const p = raw as Partial<Payload> | null;
  if (!p || typeof p !== 'object' || typeof p.base !== 'object' || p.base === null || !Array.isArray(p.conflicts) || !Array.isArray(p.runs)
    || typeof p.extra !== 'object' || p.extra === null || Array.isArray(p.extra)) {
    throw new StateCorrupt('invalid', 'the payload lacks base, conflicts, runs or extra');
  }
  const base = version === 1 ? baseOfRows(p.base) : version === 2 ? decodeBase2(p.base) : decodeBase(p.base);
  const conflicts = new Map<Key, ConflictRecord>();
  for (const c of p.conflicts) {
    if (typeof c?.key !== 'string') throw new StateCorrupt('invalid', 'a conflict record has no key');
    conflicts.set(c.key, c);
  }
  const seq = typeof p.seq === 'number' && Number.isSafeInteger(p.seq) ? p.seq : 0;
  return { seq, baseComplete: p.baseComplete === true, base, conflicts, runs: p.runs, extra: p.extra };
}

function baseOfRows(rows: unknown): BaseMap {
  if (!Array.isArray(rows)) throw new StateCorrupt('invalid', 'the base of a version 1 file is not a list of rows');
  const base = new BaseMap();
  for (const row of rows) {
    const [key, rec] = decodeRow(row);
    base.set(key, rec);
  }
  return base;
}
