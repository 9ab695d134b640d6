import type { CopyAction } from '../../model/action.js';
import { other } from '../../model/side.js';
import type { FsStat } from '../../ports/fs.js';
import { hashThrough } from '../../scan/hash.js';
import { parentRel, joinRel, sameEntryName, tempRel } from '../paths.js';
import { precheck, stampMismatch } from '../precheck.js';
import { renameEntry } from '../move.js';
import { changedResult, failResult, observe, okResult } from '../results.js';
import type { ActionEnv, Handler, SideIo } from '../types.js';
import { commitTemp, stageTemp } from './copy-commit.js';

/**
 * copy streams the source into a temp file beside the target, stamps it with the source's mtime and mode,
 * checks that neither end moved meanwhile, and renames it over the target (SPEC §4). The target's folder
 * must exist: recreating it could resurrect a folder a user just deleted, so that fails with ENOENT.
 */
export const copy: Handler<CopyAction> = async (action, env) => {
  const src = env.io(action.from);
  const dst = env.io(other(action.from));
  const srcCheck = await precheck(src, action.srcRel, action.expectSrc);
  if (!srcCheck.ok) return changedResult(action, src.side, action.srcRel, srcCheck.why);
  if (srcCheck.stat?.type !== 'file') return changedResult(action, src.side, action.srcRel, 'is not a file');
  // The target is checked once, after the copy and right before the rename (below): a target that changed before
  // the copy began fails that check just the same, at the cost of one wasted copy instead of a stat per file.
  const temp = tempRel(action.dstRel);
  // Each absolute path is made once per copy: absPath checks every segment of it.
  const paths: CopyPaths = { temp, tempAbs: dst.abs(temp), srcAbs: src.abs(action.srcRel) };
  let committed = false;
  try {
    const result = await stageAndCommit(action, env, src, dst, paths, srcCheck.stat);
    committed = result.ok;
    return result;
  } finally {
    // Whatever went wrong, no temp file stays behind (the scanner would not see it, but the disk would fill).
    if (!committed) await dst.fs.unlink(paths.tempAbs).catch(() => undefined);
  }
};

/** CopyPaths are one copy's temp file (relative and absolute) and its source's absolute path. */
interface CopyPaths { temp: string; tempAbs: string; srcAbs: string }

async function stageAndCommit(
  action: CopyAction, env: ActionEnv, src: SideIo, dst: SideIo, { temp, tempAbs, srcAbs }: CopyPaths, srcStat: FsStat,
) {
  const { bytes, tempStat } = await stageTemp(dst, srcAbs, tempAbs, srcStat);
  if (tempStat?.size !== bytes) {
    return failResult(action, 'sizeMismatch', `${dst.side}:${temp} holds ${tempStat?.size ?? 'nothing'}, copied ${bytes}`);
  }
  const hash = action.hash ?? (await hashWritten(dst, tempAbs, env));
  const srcNow = await src.fs.stat(srcAbs);
  const srcWhy = stampMismatch(srcNow, action.expectSrc) ?? (bytes !== srcStat.size ? `read ${bytes} bytes of ${srcStat.size}` : null);
  if (srcWhy !== null) return changedResult(action, src.side, action.srcRel, `${srcWhy} during the copy`);
  const curRel = action.dstCurrentRel ?? action.dstRel;
  const dstCheck = await checkTarget(dst, action, curRel);
  if (typeof dstCheck === 'string') return changedResult(action, dst.side, curRel, `${dstCheck} during the copy`);
  const trashedTo = await commitTemp(dst, env.ctx, temp, tempAbs, {
    curRel, dstRel: action.dstRel, curIno: dstCheck?.ino ?? null, trash: action.trashOverwritten,
  });
  if (curRel !== action.dstRel) await ensureSpelling(dst, action.dstRel);
  // A rename keeps the file's size, mtime, mode and inode: the temp file's stat is the target's, unless a
  // respelling went on around it.
  const dstNow = curRel === action.dstRel ? tempStat : await dst.fs.stat(dst.abs(action.dstRel));
  if (dstNow === null) return failResult(action, 'ENOENT', `${dst.side}:${action.dstRel} missing right after the copy`);
  const observed = [
    observe(action.key, src.side, action.srcRel, srcNow!, hash),
    observe(action.key, dst.side, action.dstRel, dstNow, hash),
  ];
  return okResult(action, observed, { bytes, ...(trashedTo !== undefined ? { trashedTo } : {}) });
}

/**
 * hashWritten hashes the temp file on a side that keeps hashes when the source's hash is unknown (a file
 * arriving from an unhashed side), so the base records it and the next pass need not read the file again.
 * It reads through the side's port with the scanner's algorithm, so the hash compares equal to the next
 * scan's. A failed read only costs that later read.
 */
async function hashWritten(dst: SideIo, tempAbs: string, env: ActionEnv): Promise<string | undefined> {
  if (!env.ctx.hashSides?.includes(dst.side)) return undefined;
  return hashThrough(dst.fs, tempAbs).then((r) => r.hash, () => undefined);
}

/**
 * checkTarget returns the target's stat when it still matches `expectDst`, or why not. Under a changed
 * spelling on a case-sensitive disk, the wanted name must not be a second, unexpected entry.
 */
async function checkTarget(dst: SideIo, action: CopyAction, curRel: string): Promise<FsStat | null | string> {
  const check = await precheck(dst, curRel, action.expectDst);
  if (!check.ok) return check.why;
  if (curRel === action.dstRel || check.stat === null) return check.stat;
  const wanted = await dst.fs.stat(dst.abs(action.dstRel));
  if (wanted !== null && wanted.ino !== check.stat.ino) return `${action.dstRel} exists beside it`;
  return check.stat;
}

/** A disk that keeps the old spelling on a rename-over gets a case-only rename to the wanted one. */
async function ensureSpelling(io: SideIo, rel: string): Promise<void> {
  const dir = parentRel(rel);
  const name = dir === '' ? rel : rel.slice(dir.length + 1);
  const entries = await io.fs.readdir(dir === '' ? io.root : io.abs(dir));
  const real = entries.find((e) => e.name !== name && sameEntryName(e.name, name));
  if (real && !entries.some((e) => e.name === name)) await renameEntry(io, joinRel(dir, real.name), rel);
}
