import type { FsStat } from '../../ports/fs.js';
import { canLink } from '../../ports/node-fs.js';
import { freeTrashRel } from '../trash.js';
import type { ExecContext, SideIo } from '../types.js';

/** What the target held when the copy was about to commit. */
export interface CommitTarget {
  /** The target's current spelling (may differ from dstRel in case or Unicode form). */
  curRel: string;
  dstRel: string;
  /** Inode of the current target, or null when there is none. */
  curIno: number | null;
  /** Keep the overwritten version in this run's trash. */
  trash: boolean;
}

/**
 * commitTemp puts the finished temp file in place under dstRel and returns where the old version went.
 * With a hard link the old version enters the trash while still under its name, and the rename over it is
 * atomic: at every instant the name holds one whole version. Where links fail (FAT, cloud drives) the old
 * version is moved to the trash first, leaving the name empty for the moment between the two renames — a
 * crash there loses nothing (old in the trash, new in the temp file) and the next pass copies again.
 */
export async function commitTemp(io: SideIo, ctx: ExecContext, tempRel: string, tempAbs: string, t: CommitTarget): Promise<string | undefined> {
  if (t.curIno !== null) await makeReplaceable(io, t.curRel);
  if (t.curIno === null || !t.trash) {
    await io.fs.rename(tempAbs, io.abs(t.dstRel));
    await dropStaleSpelling(io, t);
    return undefined;
  }
  const trashRel = await freeTrashRel(io, ctx, t.curRel);
  const linked = await tryLink(io, t.curRel, trashRel);
  if (!linked) await io.fs.rename(io.abs(t.curRel), io.abs(trashRel));
  try {
    await io.fs.rename(tempAbs, io.abs(t.dstRel));
  } catch (err) {
    await undoTrash(io, tempRel, trashRel, linked ? null : t.curRel).catch(() => undefined);
    throw err;
  }
  await dropStaleSpelling(io, t);
  return trashRel;
}

async function tryLink(io: SideIo, rel: string, linkRel: string): Promise<boolean> {
  if (!canLink(io.fs)) return false;
  try {
    await io.fs.link(io.abs(rel), io.abs(linkRel));
    return true;
  } catch {
    // No hard links here (or not for this file): the move-then-rename path still keeps the old version.
    return false;
  }
}

/**
 * After a failed rename-over, take the old version back out of the trash, but only when the temp file is
 * still there: an error can come after the rename happened (a lost reply), and then the trash copy is the
 * only old version left. A failed undo leaves an extra copy in the trash, never a loss.
 */
async function undoTrash(io: SideIo, tempRel: string, trashRel: string, movedFrom: string | null): Promise<void> {
  if ((await io.fs.stat(io.abs(tempRel))) === null) return;
  if (movedFrom === null) await io.fs.unlink(io.abs(trashRel));
  else await io.fs.rename(io.abs(trashRel), io.abs(movedFrom));
}

/**
 * On a case-sensitive disk the old spelling is a separate entry that the rename did not replace; the
 * overwrite means it must go (it is already in the trash when trashing was asked for).
 */
async function dropStaleSpelling(io: SideIo, t: CommitTarget): Promise<void> {
  if (t.curIno === null || t.curRel === t.dstRel) return;
  const [old, now] = await Promise.all([io.fs.stat(io.abs(t.curRel)), io.fs.stat(io.abs(t.dstRel))]);
  if (old !== null && now !== null && old.ino !== now.ino && old.ino === t.curIno) await io.fs.unlink(io.abs(t.curRel));
}

/**
 * Windows refuses to rename over a read-only file (EPERM, retried forever otherwise): clear the bit on the
 * version about to be replaced. The new version carries its source's mode. Elsewhere the folder's
 * permissions decide, so nothing is touched.
 */
async function makeReplaceable(io: SideIo, rel: string): Promise<void> {
  if (process.platform !== 'win32') return;
  const stat = await io.fs.stat(io.abs(rel));
  if (stat && (stat.mode & 0o200) === 0) await io.fs.chmod(io.abs(rel), stat.mode | 0o200);
}

/**
 * stageTemp copies `srcAbs` into the temp file `tempAbs` on `dst` with the source's mtime and mode, and says how
 * many bytes it read and what the temp file holds. A port that copies in one call counts nothing: then the
 * finished file's size is what was read (the callers check it against the source's size).
 */
export async function stageTemp(dst: SideIo, srcAbs: string, tempAbs: string, srcStat: FsStat): Promise<{ bytes: number; tempStat: FsStat | null }> {
  let bytes = 0;
  let counted = false;
  // The target side's port does the copy: it creates the file, and its rules (case, faults) apply there.
  await dst.fs.copyFile(srcAbs, tempAbs, (n) => {
    counted = true;
    bytes += n;
  }, srcStat.size);
  await dst.fs.setMtime(tempAbs, srcStat.mtimeMs);
  if (!dst.fs.copyKeepsMode) await dst.fs.chmod(tempAbs, srcStat.mode);
  const tempStat = await dst.fs.stat(tempAbs);
  if (!counted && tempStat) bytes = tempStat.size;
  return { bytes, tempStat };
}
