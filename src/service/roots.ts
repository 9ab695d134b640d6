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

/** RootGate tracks both roots across passes: which are down now, and which just came back. */
export class RootGate {
  private readonly down = new Set<Side>();

  constructor(
    private readonly roots: Record<Side, string>,
    /** Called once when a root goes down (not on every retry): log, status and the alert mail. */
    private readonly onDown: (trouble: RootTrouble) => void,
  ) {}

  /** check lists both roots now: `ok` when both can be synced, `back` the sides that had failed and are fine again. */
  check(hadFiles: boolean): { ok: boolean; troubles: Record<Side, RootTrouble | null>; back: Side[] } {
    const troubles: Record<Side, RootTrouble | null> = { left: null, right: null };
    const back: Side[] = [];
    for (const side of ['left', 'right'] as const) {
      const trouble = checkRoot(side, this.roots[side], hadFiles);
      troubles[side] = trouble;
      if (trouble && !this.down.has(side)) (this.down.add(side), this.onDown(trouble));
      if (!trouble && this.down.delete(side)) back.push(side);
    }
    return { ok: !troubles.left && !troubles.right, troubles, back };
  }
}
