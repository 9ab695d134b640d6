import type { Config } from '../config/config.js';
import type { Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';
import type { Logger } from '../ports/log.js';
import type { StateStore } from '../state/store.js';

/** Why a version exists: what the sync (or a restore) did to the content that was there. */
export type VersionReason = 'deleted' | 'overwritten' | 'conflict loser' | 'replaced by restore';

/** Version is one earlier content of a path, kept in its side's trash. */
export interface Version {
  /** Stable: 12 hex digits of sha256(`side:trashPath`), the same in every listing and process. */
  id: string;
  /** The path as it was spelled on disk (relative to the root, `/`-separated). */
  path: string;
  /** The path's key (NFC, case-folded when caseInsensitive). */
  key: string;
  /** The side whose trash holds it (where it was removed or overwritten). */
  side: Side;
  /** When it went to the trash (ISO). */
  ts: string;
  /** The trash run folder it is in, `YYYYMMDD-HHMMSS` (local time). */
  stamp: string;
  size: number;
  /** The version's own mtime (ISO), and as the disk gives it (ms, maybe fractional: what a restore re-checks). */
  mtime: string;
  mtimeMs: number;
  reason: VersionReason;
  /** The run id of the pass (or resolve, or restore) that trashed it. */
  run: string | null;
  /** The policy rule (or `restore`) that did it. */
  rule: string;
  /** Where it is, relative to its side's root: `.sync_trash/<stamp>/<path>`. */
  trashPath: string;
  /** When the trash purge (softDelete.retentionDays) removes it (ISO). */
  expires: string | null;
}

/** VersionsContext is what every call needs; only `config` is required. */
export interface VersionsContext {
  config: Config;
  /** Each root's port; native by default (tests: the case-insensitive decorator). */
  fs?: Record<Side, FsPort>;
  /** Where a restore's audit lines go (the service passes its logger). */
  log?: Logger;
  now?: () => Date;
}

/** RestoreContext adds what a restore inside the running service brings along. */
export interface RestoreContext extends VersionsContext {
  /**
   * The service's open state (it already holds the lock); the caller must run the restore between passes
   * (`SyncService.exclusive`). Omitted: restoreVersion opens the state itself, taking its lock.
   */
  store?: StateStore;
  /** Default `restore-<stamp>-<8 hex>`. */
  runId?: string;
}

export type RestoreTarget = Side | 'both';

export interface RestoreOptions {
  /** An id, an ISO ts, a trash stamp `YYYYMMDD-HHMMSS` or a local `YYYY-MM-DD HH:MM:SS`; default: the newest. */
  version?: string;
  /** Default: the version's own side. */
  to?: RestoreTarget;
  /** Plan and check only; touch nothing. */
  dryRun?: boolean;
}

/** RestoreStep is what a restore did (or would do) on one side. */
export interface RestoreStep {
  side: Side;
  /** The path written (as spelled there now, else as the version spells it). */
  path: string;
  /** same: that side already holds this version (nothing written); planned: a dry run. */
  outcome: 'restored' | 'same' | 'failed' | 'planned';
  /** What became of what was there: trash (now a version itself, whatever its size), kept (it was the version). */
  previous: 'absent' | 'trash' | 'kept';
  trashedTo?: string;
  error?: { code: string; message: string };
}

export interface RestoreOutcome {
  path: string;
  version: Version;
  to: RestoreTarget;
  dryRun: boolean;
  ok: boolean;
  runId: string;
  steps: RestoreStep[];
}
