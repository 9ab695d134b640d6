import type { RestoreAction } from '../../model/action.js';
import type { FsStat } from '../../ports/fs.js';
import { ensureDir } from '../dirs.js';
import { parentRel, tempRel } from '../paths.js';
import { precheck, stampMismatch } from '../precheck.js';
import { changedResult, failResult, observe, okResult } from '../results.js';
import type { Handler, SideIo } from '../types.js';
import { commitTemp, stageTemp } from './copy-commit.js';

/**
 * restore writes a version from a side's trash over a path (on that side or the other) the way a copy does:
 * a temp file beside the target with the version's mtime and mode, size-checked, both ends re-checked, then
 * renamed over the target, whose content goes to this run's trash first. The trash file itself stays, so the
 * same version can be restored again. Unlike a sync copy it creates missing folders: the admin named the path.
 */
export const restore: Handler<RestoreAction> = async (action, env) => {
  const src = env.io(action.from);
  const dst = env.io(action.side);
  const srcCheck = await precheck(src, action.srcRel, action.expectSrc);
  if (!srcCheck.ok) return changedResult(action, src.side, action.srcRel, srcCheck.why);
  if (srcCheck.stat?.type !== 'file') return changedResult(action, src.side, action.srcRel, 'is not a file');
  const dstCheck = await precheck(dst, action.rel, action.expectDst);
  if (!dstCheck.ok) return changedResult(action, dst.side, action.rel, dstCheck.why);
  await ensureDir(dst, parentRel(action.rel));
  const temp = tempRel(action.rel);
  let committed = false;
  try {
    const result = await stageAndCommit(action, env.ctx, src, dst, temp, srcCheck.stat, dstCheck.stat);
    committed = result.ok;
    return result;
  } finally {
    if (!committed) await dst.fs.unlink(dst.abs(temp)).catch(() => undefined);
  }
};

async function stageAndCommit(
  action: RestoreAction, ctx: Parameters<typeof commitTemp>[1], src: SideIo, dst: SideIo, temp: string, srcStat: FsStat, curStat: FsStat | null,
) {
  const { bytes, tempStat } = await stageTemp(dst, src.abs(action.srcRel), dst.abs(temp), srcStat);
  if (tempStat?.size !== bytes || bytes !== srcStat.size) {
    return failResult(action, 'sizeMismatch', `${dst.side}:${temp} holds ${tempStat?.size ?? 'nothing'}, copied ${bytes} of ${srcStat.size}`);
  }
  const srcWhy = stampMismatch(await src.fs.stat(src.abs(action.srcRel)), action.expectSrc);
  if (srcWhy !== null) return changedResult(action, src.side, action.srcRel, `${srcWhy} during the restore`);
  const dstWhy = stampMismatch(await dst.fs.stat(dst.abs(action.rel)), action.expectDst);
  if (dstWhy !== null) return changedResult(action, dst.side, action.rel, `${dstWhy} during the restore`);
  const trashedTo = await commitTemp(dst, ctx, temp, dst.abs(temp), { curRel: action.rel, dstRel: action.rel, curIno: curStat?.ino ?? null, trash: action.trashOverwritten });
  const now = await dst.fs.stat(dst.abs(action.rel));
  if (now === null) return failResult(action, 'ENOENT', `${dst.side}:${action.rel} missing right after the restore`);
  return okResult(action, [observe(action.key, dst.side, action.rel, now)], { bytes, ...(trashedTo !== undefined ? { trashedTo } : {}) });
}
