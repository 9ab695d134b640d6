import { TEMP_PREFIX } from '../../config/config.js';
import type { RmdirAction } from '../../model/action.js';
import { joinRel, parentRel } from '../paths.js';
import { reappeared } from '../precheck.js';
import { changedResult, failResult, gone, okResult } from '../results.js';
import { moveToTrash } from '../trash.js';
import type { FsDirent } from '../../ports/fs.js';
import type { Handler } from '../types.js';

/**
 * rmdir removes a folder once it is empty. Names the sync never sees (Thumbs.db, desktop.ini: ignored
 * names) would keep it alive forever, so they go to the trash first; our own stale temp files are deleted.
 * Anything else left means the folder is still in use: `ENOTEMPTY`, and a later pass tries again.
 */
export const rmdir: Handler<RmdirAction> = async (action, env) => {
  const io = env.io(action.side);
  const abs = io.abs(action.rel);
  const absent = [gone(action.key, io.side)];
  const stat = await io.fs.stat(abs);
  if (stat === null) return okResult(action, absent);
  if (stat.type !== 'dir') return changedResult(action, io.side, action.rel, `is a ${stat.type}, not a folder`);
  const back = await reappeared(env, action.side, action.absentOnOther);
  if (back) return changedResult(action, back.side, back.rel, back.why);
  const entries = await io.fs.readdir(abs);
  const isIgnored = env.ctx.isIgnoredName ?? (() => false);
  const kept = entries.filter((e) => !isStaleTemp(e) && !isIgnored(e.name));
  if (kept.length > 0) return notEmpty(action, io.side, kept);
  let trashedTo: string | undefined;
  for (const e of entries) {
    const rel = joinRel(action.rel, e.name);
    if (isStaleTemp(e)) await io.fs.unlink(io.abs(rel));
    else {
      const to = await moveToTrash(io, env.ctx, rel);
      trashedTo ??= parentRel(to);
    }
  }
  try {
    await io.fs.rmdir(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Something arrived after the listing: the folder is in use again.
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return failResult(action, 'ENOTEMPTY', `${io.side}:${action.rel} is no longer empty`);
    throw err;
  }
  return okResult(action, absent, trashedTo !== undefined ? { trashedTo } : {});
};

function isStaleTemp(e: FsDirent): boolean {
  return e.type === 'file' && e.name.startsWith(TEMP_PREFIX);
}

function notEmpty(action: RmdirAction, side: string, kept: FsDirent[]) {
  const names = kept.slice(0, 3).map((e) => e.name).join(', ') + (kept.length > 3 ? ', …' : '');
  return failResult(action, 'ENOTEMPTY', `${side}:${action.rel} still holds ${kept.length} entries (${names})`);
}
