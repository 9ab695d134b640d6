import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../ports/log.js';
import { SIDES } from '../model/side.js';
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
export async function purgeTrash(config: Config, now: Date, log: Logger): Promise<number> {
  const limit = now.getTime() - config.softDelete.retentionDays * 86_400_000;
  let purged = 0;
  for (const side of SIDES) {
    const trash = join(config[side], config.softDelete.folder);
    let names: string[];
    try {
      names = await readdir(trash);
    } catch {
      continue;
    }
    for (const name of names) {
      const t = trashStampTime(name);
      if (t === null || t >= limit) continue;
      try {
        await rm(join(trash, name), { recursive: true, force: true });
        purged++;
        auditPurge(log, side, `${config.softDelete.folder}/${name}`, config.softDelete.retentionDays);
      } catch (err) {
        auditPurge(log, side, `${config.softDelete.folder}/${name}`, config.softDelete.retentionDays, err as NodeJS.ErrnoException);
      }
    }
  }
  if (purged) log.info(`purged ${purged} trash folder(s) older than ${config.softDelete.retentionDays} days`);
  return purged;
}
