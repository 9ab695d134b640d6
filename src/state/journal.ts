import { constants } from 'node:fs';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { ConflictRecord } from '../model/conflict.js';
import type { Key } from '../model/key.js';
import { StateCorrupt } from './errors.js';
import type { Row } from './rows.js';
import { holdArmed, holdAt } from './test-hold.js';
import type { RunInfo } from './types.js';

/**
 * JournalEntry is what one flush changed since the one before, as written to state.journal: the records and
 * sections in their new form, and what was removed. `seq` numbers entries 1, 2, 3 … after the snapshot whose
 * `seq` they follow; the snapshot records the last one it folds in, so a journal that outlived a compaction
 * (killed between the snapshot's rename and the journal's reset) is recognised and skipped.
 */
export interface JournalEntry {
  seq: number;
  base?: Row[];
  forget?: Key[];
  conflicts?: ConflictRecord[];
  conflictsGone?: Key[];
  runs?: RunInfo[];
  extra?: Record<string, unknown>;
  extraGone?: string[];
  baseComplete?: true;
}

// A line: `{"crc":"<crc32 of the entry's UTF-8 bytes, 8 hex digits>","entry":<entry JSON>}` and a line feed.
const PREFIX = '{"crc":"';
const INFIX = '","entry":';
const HEAD_BYTES = PREFIX.length + 8 + INFIX.length;

/** journalLine renders one entry as its line of state.journal. */
export function journalLine(entry: JournalEntry): Buffer {
  const json = Buffer.from(JSON.stringify(entry), 'utf8');
  const crc = crc32(json).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`${PREFIX}${crc}${INFIX}`, 'latin1'), json, Buffer.from('}\n', 'latin1')]);
}

/** JournalRead is a journal's whole entries and how many of its bytes they fill (what follows is a torn tail). */
export interface JournalRead { entries: JournalEntry[]; goodBytes: number; size: number }

/**
 * parseJournal reads the lines of a journal. A kill mid-append leaves its last line torn: it and anything
 * after it are ignored. A bad line with good ones after it is damage, not a torn tail: StateCorrupt.
 */
export function parseJournal(bytes: Buffer): JournalRead {
  const entries: JournalEntry[] = [];
  let goodBytes = 0;
  let badAt = -1;
  for (let start = 0; start < bytes.length;) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl + 1;
    const entry = nl < 0 ? null : lineEntry(bytes.subarray(start, nl));
    if (entry && badAt >= 0) throw new StateCorrupt('checksum', `the journal is damaged at byte ${badAt}, before intact lines`);
    if (entry) {
      entries.push(entry);
      goodBytes = end;
    } else if (badAt < 0) badAt = start;
    start = end;
  }
  return { entries, goodBytes, size: bytes.length };
}

function lineEntry(line: Buffer): JournalEntry | null {
  if (line.length <= HEAD_BYTES || line[line.length - 1] !== 0x7d) return null;
  const head = line.toString('latin1', 0, HEAD_BYTES);
  if (!head.startsWith(PREFIX) || !head.endsWith(INFIX)) return null;
  const json = line.subarray(HEAD_BYTES, line.length - 1);
  if (crc32(json).toString(16).padStart(8, '0') !== head.slice(PREFIX.length, PREFIX.length + 8)) return null;
  try {
    const entry = JSON.parse(json.toString('utf8')) as JournalEntry;
    return typeof entry?.seq === 'number' ? entry : null;
  } catch {
    return null;
  }
}

/** readJournal reads the journal at `file`; a missing file is an empty journal. */
export async function readJournal(file: string): Promise<JournalRead> {
  try {
    return parseJournal(await readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], goodBytes: 0, size: 0 };
    throw err;
  }
}

/**
 * Journal appends entries to state.journal. Each line is written at the end of what is known good (not in
 * append mode), so a failed or torn write is cut off, or simply overwritten by the next attempt.
 */
export class Journal {
  /** Bytes of whole lines in the file. */
  size: number;

  constructor(readonly file: string, goodBytes: number) {
    this.size = goodBytes;
  }

  /** append writes one line after the last good one. */
  async append(line: Buffer): Promise<void> {
    const fh = await open(this.file, constants.O_WRONLY | constants.O_CREAT);
    try {
      await writeAt(fh, line, this.size);
      this.size += line.length;
    } catch (err) {
      await fh.truncate(this.size).catch(() => {});
      throw err;
    } finally {
      await fh.close();
    }
  }

  /** cutTornTail drops what follows the last good line (a kill mid-append), before anything is appended. */
  async cutTornTail(size: number): Promise<void> {
    if (size > this.size) await truncate(this.file, this.size);
  }

  /** reset empties the journal once a snapshot holds everything in it. */
  async reset(): Promise<void> {
    if (this.size > 0) holdAt('compaction');
    await truncate(this.file, 0).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    this.size = 0;
  }
}

async function writeAt(fh: FileHandle, line: Buffer, position: number): Promise<void> {
  let done = 0;
  // The test hook stops a process with half a line on disk: what a kill mid-append leaves.
  const half = holdArmed('journal-append') ? line.length >> 1 : line.length;
  while (done < half) done += (await fh.write(line, done, half - done, position + done)).bytesWritten;
  if (half < line.length) holdAt('journal-append');
  while (done < line.length) done += (await fh.write(line, done, line.length - done, position + done)).bytesWritten;
}
