import type { EntryType } from './entry.js';

/** SideRecord is what one side held at a path right after its last successful sync. */
export interface SideRecord {
  rel: string;
  size: number;
  mtimeMs: number;
  mode: number;
  ino: number;
  hash?: string;
}

/** BaseRecord is the last synced state of one path on both sides (the three-way merge ancestor). */
export interface BaseRecord {
  type: EntryType;
  left: SideRecord;
  right: SideRecord;
}
