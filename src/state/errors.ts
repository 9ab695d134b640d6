import type { RecoveryReason } from './types.js';

/** What a fatal state-store error is about. */
export type StateErrorCode =
  /** Another live syncwarden process holds the state lock. */
  | 'locked'
  /** Our lock file was replaced by another process; we stop writing rather than fight over the state. */
  | 'lockLost'
  /** The store was used after close(). */
  | 'closed'
  /** A damaged state file could not be renamed aside; we refuse to overwrite it. */
  | 'setAside';

/** LockHolder is what a lock file says about the process that owns the state. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
  token: string;
  /** The holder's process start identity (process-identity.ts), absent where the OS gives none. */
  startId?: string;
}

/** StateError is a fatal state-store error with a `code` (exit 1: the pass cannot run, nothing was touched). */
export class StateError extends Error {
  readonly exitCode = 1;
  constructor(readonly code: StateErrorCode, message: string, readonly holder?: LockHolder) {
    super(message);
    this.name = 'StateError';
  }
}

/** StateCorrupt is thrown while decoding a state file that cannot be trusted; the store sets the file aside. */
export class StateCorrupt extends Error {
  constructor(readonly reason: RecoveryReason, message: string) {
    super(message);
    this.name = 'StateCorrupt';
  }
}
