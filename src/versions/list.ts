import type { Config } from '../config/config.js';
import { InputError } from '../model/errors.js';
import { isUnder, type Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';
import { nodeFsSides } from '../ports/node-fs.js';
import { absPath } from '../execute/paths.js';
import { keysOfPaths } from '../app/paths.js';
import { trashStampTime } from '../app/trash-purge.js';
import { localTime } from '../text/units.js';
import { allEntries, entriesOf, type CatalogEntry } from './catalog.js';
import type { Version, VersionsContext } from './types.js';

/** keyOfPath reads one command-line or HTTP path as a key (relative to the roots, or absolute under either). */
export function keyOfPath(config: Config, path: string, field = 'PATH'): Key {
  if (typeof path !== 'string' || path.trim() === '') throw new InputError([{ file: '(command line)', field, expected: 'a file path (relative to the roots, or absolute under either)', found: String(path ?? 'nothing') }]);
  const [key] = keysOfPaths([path], config);
  if (key === '') throw new InputError([{ file: '(command line)', field, expected: 'a file path, not the root', found: path }]);
  return key;
}

/**
 * present checks an index line against the trash: the file must still be there (the purge, or an admin, may
 * have removed it). Its size and mtime are read from the disk, so a restore re-checks what is really there.
 */
async function present(config: Config, fs: Record<Side, FsPort>, e: CatalogEntry): Promise<Version | null> {
  // Only a file in this side's trash folder is a version (an index line is data, never a way out of the trash).
  if (!e.trashPath.startsWith(`${config.softDelete.folder}/`)) return null;
  let stat;
  try {
    stat = await fs[e.side].stat(absPath(config[e.side], e.trashPath));
  } catch {
    return null;
  }
  if (stat?.type !== 'file') return null;
  const made = trashStampTime(e.stamp);
  const expires = made === null ? null : new Date(made + config.softDelete.retentionDays * 86_400_000);
  return {
    id: e.id, path: e.path, key: e.key, side: e.side, ts: e.ts, stamp: e.stamp, size: stat.size,
    mtime: new Date(stat.mtimeMs).toISOString(), mtimeMs: stat.mtimeMs, reason: e.reason, run: e.run, rule: e.rule,
    trashPath: e.trashPath, expires: expires?.toISOString() ?? null,
  };
}

/** newestFirst orders versions by when they went to the trash, newest first (the id breaks ties, stably). */
function newestFirst(a: { ts: string; id: string }, b: { ts: string; id: string }): number {
  return a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : a.id.localeCompare(b.id);
}

/** listVersions lists the versions of one path that are still in the trash, newest first (read-only, no lock). */
export async function listVersions(ctx: VersionsContext, path: string): Promise<Version[]> {
  const key = keyOfPath(ctx.config, path);
  const fs = ctx.fs ?? nodeFsSides();
  const found = await Promise.all(entriesOf(ctx.config.stateDir, key).map((e) => present(ctx.config, fs, e)));
  return dedupe(found).sort(newestFirst);
}

/** listAllVersions lists every version still in the trash, newest first; `under` limits it to a folder's paths. */
export async function listAllVersions(ctx: VersionsContext, opts: { under?: string; limit?: number } = {}): Promise<Version[]> {
  const under = opts.under === undefined || opts.under === '' ? '' : keysOfPaths([opts.under], ctx.config)[0];
  const fs = ctx.fs ?? nodeFsSides();
  const entries = allEntries(ctx.config.stateDir).filter((e) => isUnder(e.key, under)).sort(newestFirst);
  const limit = opts.limit ?? Infinity;
  const out: Version[] = [];
  const seen = new Set<string>();
  // Only as many trash files are checked as are shown.
  for (const e of entries) {
    if (out.length >= limit) break;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const v = await present(ctx.config, fs, e);
    if (v) out.push(v);
  }
  return out;
}

/** An index line written twice (a retried batch) is one version. */
function dedupe(found: (Version | null)[]): Version[] {
  const byId = new Map<string, Version>();
  for (const v of found) if (v && !byId.has(v.id)) byId.set(v.id, v);
  return [...byId.values()];
}

/**
 * pickVersion finds the version a person named: its id (or a unique start of it, 4 characters at least), its
 * trash stamp `YYYYMMDD-HHMMSS`, its ISO time, or its local time as the table shows it (`2026-11-25 09:12:00`,
 * with or without the offset). No name: the newest. None or several match: an InputError listing the choices.
 */
export function pickVersion(versions: readonly Version[], spec: string | undefined, path: string): Version {
  if (!versions.length) {
    throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'a path with versions in the trash (see syncwarden versions PATH)', found: path }]);
  }
  if (spec === undefined || spec === '') return versions[0];
  const s = spec.trim();
  const matches = versions.filter((v) => v.id === s || (s.length >= 4 && v.id.startsWith(s.toLowerCase())) || v.stamp === s || v.ts === s || localTime(v.ts).startsWith(s));
  const choices = versions.map((v) => `${v.id} (${localTime(v.ts)}, ${v.side}, ${v.reason})`).join('; ');
  if (matches.length === 1) return matches[0];
  if (!matches.length) throw new InputError([{ file: '(command line)', field: '--version', expected: `one of the versions of ${path}: ${choices}`, found: spec }]);
  throw new InputError([{ file: '(command line)', field: '--version', expected: `one version; ${matches.length} match, name one by id: ${matches.map((v) => v.id).join(', ')}`, found: spec }]);
}
