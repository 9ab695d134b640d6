import type { Action, ActionResult } from '../model/action.js';
import type { Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';

/** ExecContext is everything the executor needs for one pass; the caller builds it from Config. */
export interface ExecContext {
  /** Absolute root folders. */
  roots: Record<Side, string>;
  fs: Record<Side, FsPort>;
  /** Soft-delete target: `<root>/<folder>/<stamp>/<rel>`; `stamp` is the run start, `YYYYMMDD-HHMMSS`. */
  trash: { folder: string; stamp: string };
  /** Small copies in flight at once; the large-file lane runs one more alongside. */
  concurrency: number;
  /** Copies above this size go to the large-file lane. */
  largeFileBytes: number;
  /** Deletes in flight at once (default 4). */
  deleteConcurrency?: number;
  /**
   * Locked or denied paths (EBUSY, EPERM, EACCES, EAGAIN) are retried: `attempts` tries in all, waiting
   * `baseMs`, then twice as long each time, at most `maxMs` (default 30 s).
   */
  retry: { attempts: number; baseMs: number; maxMs?: number };
  /** Sides whose base records keep content hashes: a copy there hashes what it wrote when the source's hash is unknown. */
  hashSides?: readonly Side[];
  /** Names an emptied folder may still hold and lose to the trash (Thumbs.db, desktop.ini…). */
  isIgnoredName?: (name: string) => boolean;
  /** Called as each action settles, in completion order. */
  onResult?: (result: ActionResult) => void;
  /** Stops starting new actions; those not started settle as `aborted`. */
  signal?: AbortSignal;
}

/** SideIo is one side's port and root, with the rel → absolute mapping. */
export interface SideIo {
  side: Side;
  fs: FsPort;
  root: string;
  abs(rel: string): string;
}

/** ActionEnv is what a handler gets besides its action. */
export interface ActionEnv {
  ctx: ExecContext;
  io(side: Side): SideIo;
}

/**
 * A Handler performs one action. It returns a result for expected outcomes (`changed`, `exists`,
 * `ENOTEMPTY`) and throws errno errors, which the executor retries (locks) or turns into a failed result.
 * It must leave no temp file behind, whatever happens.
 */
export type Handler<A extends Action = Action> = (action: A, env: ActionEnv) => Promise<ActionResult>;
