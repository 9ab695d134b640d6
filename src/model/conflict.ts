import type { Key } from './key.js';
import type { Newer } from './fact.js';

export interface ConflictSide {
  rel: string | null;
  size: number | null;
  mtimeMs: number | null;
}

/** ConflictRecord is a conflict as persisted, listed by `conflicts` and mailed. */
export interface ConflictRecord {
  key: Key;
  rule: string;
  option: string;
  newer: Newer;
  left: ConflictSide;
  right: ConflictSide;
  /** Plain words of what was done (clash names, trash paths), or that both versions were kept as they are. */
  actions: string[];
  status: 'open' | 'settled';
  firstSeen: string;
  /** When the record last changed: an open conflict met again unchanged is not rewritten (that would rewrite the state every pass). */
  lastSeen: string;
  settledAt?: string;
  settledBy?: string;
}
