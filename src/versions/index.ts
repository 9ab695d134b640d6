/**
 * The version store: every file the sync sent to the trash (deleted, overwritten, a conflict's loser, or
 * replaced by a restore) is a version of its path, until the trash purge removes it. See VERSIONS-API.md.
 */
export type {
  RestoreContext, RestoreOptions, RestoreOutcome, RestoreStep, RestoreTarget, Version, VersionReason, VersionsContext,
} from './types.js';
import type { RestoreContext, RestoreOptions, RestoreOutcome, Version, VersionsContext } from './types.js';

/** listVersions lists the versions of one path, newest first (read-only, no lock). */
export async function listVersions(_ctx: VersionsContext, _path: string): Promise<Version[]> {
  return [];
}

/** listAllVersions lists every version the index knows, newest first; `under` limits it to a folder. */
export async function listAllVersions(_ctx: VersionsContext, _opts: { under?: string; limit?: number } = {}): Promise<Version[]> {
  return [];
}

/** restoreVersion writes a version back onto the chosen side(s) through the executor. */
export async function restoreVersion(_ctx: RestoreContext, _path: string, _opts: RestoreOptions = {}): Promise<RestoreOutcome> {
  throw new Error('restoreVersion: not implemented yet');
}
