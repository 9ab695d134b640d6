import { renameSync } from 'node:fs';
import { caseInsensitive, resolvePath } from '../../src/ports/case-insensitive-fs.js';
import { nodeFs } from '../../src/ports/node-fs.js';

/**
 * UserDisk is how a user's edits reach a root: straight onto the case-sensitive disk, or as on NTFS (through
 * the case-insensitive port), where writing `A.txt` over `a.txt` keeps `a.txt`, and renaming onto a case
 * variant replaces it.
 */
export interface UserDisk {
  /** The spelling on disk of an absolute path: existing segments as stored, the rest as given. */
  real(abs: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
}

/** plainDisk is the case-sensitive disk as it is. */
export const plainDisk: UserDisk = { real: async (abs) => abs, rename: async (from, to) => renameSync(from, to) };

/** ntfsDisk is the same disk with Windows name semantics. */
export function ntfsDisk(): UserDisk {
  const fs = caseInsensitive(nodeFs());
  return { real: (abs) => resolvePath(nodeFs(), abs), rename: (from, to) => fs.rename(from, to) };
}
