import type { MkdirAction } from '../../model/action.js';
import { other } from '../../model/side.js';
import { changedResult, observe, okResult } from '../results.js';
import type { Handler } from '../types.js';

/**
 * mkdir creates one folder; an existing folder is fine. Its parent is not created: the plan makes parents
 * first, so a missing parent means a user removed it meanwhile, and that must not be undone (ENOENT).
 */
export const mkdir: Handler<MkdirAction> = async (action, env) => {
  const io = env.io(action.side);
  const abs = io.abs(action.rel);
  let stat = await io.fs.stat(abs);
  if (stat === null) {
    try {
      await io.fs.mkdir(abs, false);
    } catch (err) {
      // Someone else made it between the stat and the mkdir: that is the wanted outcome.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    stat = await io.fs.stat(abs);
  }
  if (stat?.type !== 'dir') return changedResult(action, io.side, action.rel, `is a ${stat?.type ?? 'gap'}, not a folder`);
  if (action.mode !== undefined && stat.mode !== action.mode) {
    await io.fs.chmod(abs, action.mode);
    stat = (await io.fs.stat(abs)) ?? stat;
  }
  const observed = [observe(action.key, io.side, action.rel, stat)];
  if (action.otherRel !== undefined) {
    const there = env.io(other(action.side));
    const otherStat = await there.fs.stat(there.abs(action.otherRel));
    if (otherStat?.type === 'dir') observed.push(observe(action.key, there.side, action.otherRel, otherStat));
  }
  return okResult(action, observed);
};
