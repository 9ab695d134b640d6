/**
 * The version store: every file the sync sent to the trash (deleted, overwritten, a conflict's loser, or
 * replaced by a restore) is a version of its path, until the trash purge removes it. See README "Versions".
 */
export type {
  RestoreContext, RestoreOptions, RestoreOutcome, RestoreStep, RestoreTarget, Version, VersionReason, VersionsContext,
} from './types.js';
export { listAllVersions, listVersions } from './list.js';
export { restoreVersion } from './restore.js';
