import type { Config } from '../config/config.js';
import { InputError } from '../model/errors.js';
import type { Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';
import type { Logger } from '../ports/log.js';
import type { StateStore } from '../state/store.js';
import { listAllVersions, listVersions, restoreVersion, type RestoreOptions, type RestoreOutcome, type RestoreTarget } from '../versions/index.js';

/** VersionRouteDeps are what the version routes use of the running service. */
export interface VersionRouteDeps {
  config: Config;
  store: StateStore;
  fs: Record<Side, FsPort>;
  log: Logger;
  /** Runs work between the service's passes, never during one. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** A restore wrote these paths: the next batch re-reads and syncs them (a polled side raises no event). */
  restored(outcome: RestoreOutcome): void;
}

/** VersionRoutes answer `GET /versions` and `POST /restore` (what `syncwarden restore` calls when a service runs). */
export interface VersionRoutes {
  versions(query: URLSearchParams): Promise<object>;
  restore(body: unknown): Promise<RestoreOutcome>;
}

function bad(field: string, expected: string, found?: unknown): InputError {
  return new InputError([{ file: '(request)', field, expected, ...(found !== undefined ? { found: String(found) } : {}) }]);
}

/** restoreRequest reads the body of POST /restore: {path, version?, to?, dryRun?}. */
export function restoreRequest(body: unknown): { path: string; opts: RestoreOptions } {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.path !== 'string' || !b.path) throw bad('path', 'the path of a file with versions (see GET /versions?path=…)', b.path);
  if (b.version !== undefined && typeof b.version !== 'string') throw bad('version', 'a version id or time', b.version);
  if (b.to !== undefined && b.to !== 'left' && b.to !== 'right' && b.to !== 'both') throw bad('to', 'left, right or both', b.to);
  if (b.dryRun !== undefined && typeof b.dryRun !== 'boolean') throw bad('dryRun', 'true or false', b.dryRun);
  const opts: RestoreOptions = { dryRun: b.dryRun === true };
  if (typeof b.version === 'string' && b.version) opts.version = b.version;
  if (b.to !== undefined) opts.to = b.to as RestoreTarget;
  return { path: b.path, opts };
}

/** versionRoutes builds the routes over the service's open state; a restore runs between passes. */
export function versionRoutes(deps: VersionRouteDeps): VersionRoutes {
  const { config, store, fs, log } = deps;
  return {
    async versions(query) {
      const path = query.get('path');
      const limit = Number(query.get('limit') ?? '') || undefined;
      if (path) return { path, versions: await listVersions({ config, fs }, path) };
      const under = query.get('under') ?? undefined;
      return { path: null, under: under ?? null, versions: await listAllVersions({ config, fs }, { ...(under ? { under } : {}), ...(limit ? { limit } : {}) }) };
    },
    async restore(body) {
      const { path, opts } = restoreRequest(body);
      const outcome = await deps.exclusive(() => restoreVersion({ config, store, fs, log: log.withTag('restore') }, path, opts));
      if (!outcome.dryRun) deps.restored(outcome);
      return outcome;
    },
  };
}
