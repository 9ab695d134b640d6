import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import type { VersionReason } from './types.js';

/** VERSIONS_DIR, in stateDir, holds the index of the versions kept in the trash. */
export const VERSIONS_DIR = 'versions';

/**
 * The index is cut into shards by a hash of the key, so listing one path reads 1/SHARDS of it, not the whole
 * index (and never walks the trash folders, which on the right side are a cloud drive).
 */
const SHARDS = 64;

/** CatalogEntry is one line of the index: one file the sync sent to its side's trash. */
export interface CatalogEntry {
  id: string;
  key: Key;
  /** The path as spelled on disk when it went to the trash. */
  path: string;
  side: Side;
  /** Relative to the side's root: `<softDelete.folder>/<stamp>/<path>` (or `_2`… for a second version in one run). */
  trashPath: string;
  stamp: string;
  /** When it went to the trash (ISO). */
  ts: string;
  size: number;
  mtimeMs: number;
  reason: VersionReason;
  run: string | null;
  rule: string;
}

/** versionId is stable for a trashed file: the same side and trash path give the same id in every process. */
export function versionId(side: Side, trashPath: string): string {
  return createHash('sha256').update(`${side}:${trashPath}`).digest('hex').slice(0, 12);
}

function shardOf(key: Key): string {
  const n = createHash('sha256').update(key).digest()[0] % SHARDS;
  return `${n.toString(16).padStart(2, '0')}.jsonl`;
}

/**
 * appendEntries adds lines to the index. Only a holder of the state lock writes (a pass, the service, resolve,
 * restore), so appends never interleave; a line cut short by a crash is skipped by the reader.
 */
export function appendEntries(stateDir: string, entries: readonly CatalogEntry[]): void {
  if (!entries.length) return;
  const dir = join(stateDir, VERSIONS_DIR);
  mkdirSync(dir, { recursive: true });
  const byShard = new Map<string, string[]>();
  for (const e of entries) {
    const shard = shardOf(e.key);
    const lines = byShard.get(shard) ?? [];
    lines.push(JSON.stringify(e));
    byShard.set(shard, lines);
  }
  // A torn last line of an earlier crash is ended by the leading newline, so it never swallows this one.
  for (const [shard, lines] of byShard) appendFileSync(join(dir, shard), `\n${lines.join('\n')}\n`);
}

function parseShard(text: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as CatalogEntry;
      if (typeof e.id === 'string' && typeof e.key === 'string' && typeof e.trashPath === 'string') out.push(e);
    } catch {
      // A line torn by a crash: that version is still in the trash, just not listed.
    }
  }
  return out;
}

function readShardFile(file: string): CatalogEntry[] {
  try {
    return parseShard(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** entriesOf reads the index lines of one key (one shard). */
export function entriesOf(stateDir: string, key: Key): CatalogEntry[] {
  return readShardFile(join(stateDir, VERSIONS_DIR, shardOf(key))).filter((e) => e.key === key);
}

function shardFiles(stateDir: string): string[] {
  try {
    return readdirSync(join(stateDir, VERSIONS_DIR)).filter((n) => n.endsWith('.jsonl')).map((n) => join(stateDir, VERSIONS_DIR, n));
  } catch {
    return [];
  }
}

/** allEntries reads the whole index (the trash browser). */
export function allEntries(stateDir: string): CatalogEntry[] {
  return shardFiles(stateDir).flatMap(readShardFile);
}

/**
 * dropEntries removes the lines of versions that are gone: a trash folder the purge removed (side and stamp),
 * or single entries (ids) found missing. Each changed shard is rewritten as a temp file then renamed.
 */
export function dropEntries(stateDir: string, gone: { stamps?: readonly { side: Side; stamp: string }[]; ids?: ReadonlySet<string> }): number {
  const stamps = new Set((gone.stamps ?? []).map((s) => `${s.side}/${s.stamp}`));
  const ids = gone.ids ?? new Set<string>();
  if (!stamps.size && !ids.size) return 0;
  let dropped = 0;
  for (const file of shardFiles(stateDir)) {
    const entries = readShardFile(file);
    const kept = entries.filter((e) => !stamps.has(`${e.side}/${e.stamp}`) && !ids.has(e.id));
    if (kept.length === entries.length) continue;
    dropped += entries.length - kept.length;
    if (!kept.length) {
      rmSync(file, { force: true });
      continue;
    }
    writeFileSync(`${file}.tmp`, kept.map((e) => JSON.stringify(e)).join('\n') + '\n');
    renameSync(`${file}.tmp`, file);
  }
  return dropped;
}
