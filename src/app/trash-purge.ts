import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { FsPort } from '../ports/fs.js';
import type { Logger } from '../ports/log.js';
import { removeTree } from '../ports/remove-tree.js';
import { SIDES, type Side } from '../model/side.js';
import { dropEntries } from '../versions/catalog.js';
import { auditPurge } from './audit.js';

const STAMP = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/;

/** trashStampTime reads a trash folder name (`YYYYMMDD-HHMMSS`, local time) as epoch ms, or null for any other name. */
export function trashStampTime(name: string): number | null {
  const m = STAMP.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

/**
 * purgeTrash removes each side's trash folders older than `softDelete.retentionDays` (SPEC §5). Only folders
 * named like a run's stamp are touched, so anything an admin put in the trash folder by hand stays.
 */
export async function purgeTrash(config: Config, now: Date, log: Logger, fs: Record<Side, FsPort>): Promise<number> {
  const limit = now.getTime() - config.softDelete.retentionDays * 86_400_000;
  let purged = 0;
  const gone: { side: Side; stamp: string }[] = [];
  for (const side of SIDES) {
    const trash = join(config[side], config.softDelete.folder);
    let names: string[];
    try {
      names = (await fs[side].readdir(trash)).filter((d) => d.type === 'dir').map((d) => d.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const t = trashStampTime(name);
      if (t === null || t >= limit) continue;
      try {
        await removeTree(fs[side], join(trash, name));
        purged++;
        gone.push({ side, stamp: name });
        auditPurge(log, side, `${config.softDelete.folder}/${name}`, config.softDelete.retentionDays);
      } catch (err) {
        auditPurge(log, side, `${config.softDelete.folder}/${name}`, config.softDelete.retentionDays, err as NodeJS.ErrnoException);
      }
    }
  }
  // Their versions are gone with them: `syncwarden versions` stops listing them.
  if (gone.length) {
    try {
      dropEntries(config.stateDir, { stamps: gone });
    } catch (err) {
      // Only the index is stale: a listing checks the trash and leaves out what is gone.
      log.warn(`could not update the versions index in ${config.stateDir}: ${(err as Error).message}`);
    }
  }
  if (purged) log.info(`purged ${purged} trash folder(s) older than ${config.softDelete.retentionDays} days`);
  return purged;
}
