import type { Key } from './key.js';

export type EntryType = 'file' | 'dir';

/** Entry is what one side holds at one path now, as the scanner saw it. */
export interface Entry {
  /** Relative path exactly as found on disk (actual name case and Unicode form), `/` separated. */
  rel: string;
  type: EntryType;
  /** Bytes; 0 for folders. */
  size: number;
  /** Whole milliseconds since the epoch. */
  mtimeMs: number;
  /** Permission bits (`mode & 0o7777`). On Windows Node reports only the read-only bit here. */
  mode: number;
  /** Inode or NTFS file id; 0 when unknown. Used to pair moves. */
  ino: number;
  /** Content hash (hex) when hashing is enabled for this side. */
  hash?: string;
}

/** A side's listing: comparison key → entry. */
export type Tree = Map<Key, Entry>;

/** Stamp is the part of an entry an action expects to find unchanged on disk; null means absent. */
export type Stamp = { type: EntryType; size: number; mtimeMs: number } | null;

/** stampOf reduces an entry (or its absence) to the stamp an action checks. */
export function stampOf(entry: Entry | undefined | null): Stamp {
  return entry ? { type: entry.type, size: entry.size, mtimeMs: entry.mtimeMs } : null;
}
