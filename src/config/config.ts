import type { ConflictOption } from '../model/fact.js';
import type { Side } from '../model/side.js';

/**
 * Config is the fully resolved configuration: every default applied (from schemas/config.schema.json,
 * the one place defaults live) and every path absolute.
 */
export interface Config {
  /** Absolute path of the file this came from ('' when built in code). */
  file: string;
  left: string;
  right: string;
  stateDir: string;
  caseInsensitive: boolean;
  mtimeToleranceMs: number;
  hash: { enabled: boolean; sides: Side[]; verifyAll: boolean };
  ignore: string[];
  ignoreDefaults: boolean;
  softDelete: { enabled: boolean; maxSizeMB: number; folder: string; onOverwrite: boolean; retentionDays: number };
  conflicts: { bothChanged: ConflictOption; bothCreated: 'option1' | 'option2'; bothPropsChanged: ConflictOption };
  policies: { dir: string };
  safety: { maxDeletePercent: number; maxDeleteCount: number; sentinel: string | null; force: boolean };
  state: { tombstoneDays: number };
  watch: { enabled: boolean; right: 'events' | 'poll' | 'off'; backend: 'auto' | 'folders' | 'chokidar'; debounceMs: number; pollIntervalSec: number };
  scan: { fullRescanCron: string; concurrency: number };
  transfer: {
    concurrency: number;
    maxBytesPerSecond: number;
    largeFileMB: number;
    schedules: { cron: string; hours: number; maxBytesPerSecond: number }[];
  };
  email: {
    enabled: boolean;
    mode: 'perEvent' | 'summary' | 'both';
    summaryWhenEmpty: boolean;
    smtp: {
      host: string; port: number; secure: boolean; user: string | null;
      passwordEnv: string | null; passwordFile: string | null; timeoutMs: number;
    };
    from: string;
    to: string[];
    subjectPrefix: string;
    /** Hours a message the server keeps deferring (4xx) stays in the outbox before it is set aside. */
    deferredGiveUpHours: number;
  };
  health: { enabled: boolean; host: string; port: number; tokenEnv: string | null; tokenFile: string | null };
  /** eventLog: Windows only, the service's start, stop, safety stops and errors in the Application event log too. */
  log: { level: 'silent' | 'error' | 'warn' | 'info' | 'debug' | 'trace'; dir: string; maxSizeMB: number; keep: number; eventLog: boolean };
}

/** MIB is the MB of config sizes: 1,048,576 bytes, as Windows Explorer counts. */
export const MIB = 1024 * 1024;

/** DEFAULT_IGNORE is the built-in ignore list (SPEC §3); `ignoreDefaults: false` drops it. */
export const DEFAULT_IGNORE: readonly string[] = [
  '~$*', '.~lock.*#', '~*.tmp', '*.tmp', 'Thumbs.db', 'desktop.ini', '.DS_Store',
  '$RECYCLE.BIN', 'System Volume Information', '*.conflicted',
];

/** TEMP_PREFIX starts the name of every temp file the engine writes; the scanner never lists them. */
export const TEMP_PREFIX = '.syncwarden-tmp-';
