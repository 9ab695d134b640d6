import { opendirSync } from 'node:fs';
import type { Side } from '../model/side.js';

/** RootTrouble is why a root cannot be synced right now: the service then changes nothing on either side. */
export interface RootTrouble {
  side: Side;
  reason: 'rootMissing' | 'rootUnreadable' | 'rootEmpty';
  message: string;
}

/**
 * checkRoot tells whether a root can be listed (SPEC §6: a drive not mounted, or a service account that cannot
 * see it), and whether it is empty while the last sync saw files there (an empty mount point). Cheap: it reads
 * the first entry of the root only, so the service can ask before every pass.
 */
export function checkRoot(side: Side, root: string, hadFiles: boolean): RootTrouble | null {
  let first: unknown;
  try {
    const dir = opendirSync(root);
    try {
      first = dir.readSync();
    } finally {
      dir.closeSync();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { side, reason: 'rootMissing', message: `${side} root ${root} is missing or not a folder (not mounted?)` };
    return { side, reason: 'rootUnreadable', message: `${side} root ${root} cannot be listed (${code ?? 'error'})` };
  }
  if (first === null && hadFiles) return { side, reason: 'rootEmpty', message: `${side} root ${root} is empty but held files at the last sync (not mounted?)` };
  return null;
}
