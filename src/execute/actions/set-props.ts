import type { SetPropsAction } from '../../model/action.js';
import { renameEntry } from '../move.js';
import { sameEntryName } from '../paths.js';
import { precheck } from '../precheck.js';
import { changedResult, failResult, observe, okResult } from '../results.js';
import type { Handler } from '../types.js';

/**
 * setProps makes a side's spelling, mode and (content proven equal) mtime match the other side's. A new
 * spelling is only ever a case or Unicode-form change of the same key; anything else is refused.
 */
export const setProps: Handler<SetPropsAction> = async (action, env) => {
  const io = env.io(action.side);
  const check = await precheck(io, action.rel, action.expect);
  if (!check.ok) return changedResult(action, io.side, action.rel, check.why);
  if (check.stat === null) return failResult(action, 'ENOENT', `${io.side}:${action.rel} is absent`);
  if (action.toRel !== action.rel) {
    if (!sameEntryName(action.rel, action.toRel)) {
      return failResult(action, 'badAction', `setProps may change spelling only, not ${action.rel} → ${action.toRel}`);
    }
    // On a case-sensitive disk the new spelling can be a second entry; a spelling fix never overwrites it.
    const target = await io.fs.stat(io.abs(action.toRel));
    if (target !== null && target.ino !== check.stat.ino) {
      return failResult(action, 'exists', `${io.side}:${action.toRel} exists beside ${action.rel}`);
    }
    await renameEntry(io, action.rel, action.toRel);
  }
  const abs = io.abs(action.toRel);
  // mtime before mode: a mode that drops the write bit must not block setting the time.
  if (action.mtimeMs !== undefined && check.stat.mtimeMs !== action.mtimeMs) await io.fs.setMtime(abs, action.mtimeMs);
  if (check.stat.mode !== action.mode) await io.fs.chmod(abs, action.mode);
  const now = await io.fs.stat(abs);
  if (now === null) return failResult(action, 'ENOENT', `${io.side}:${action.toRel} missing right after setProps`);
  return okResult(action, [observe(action.key, io.side, action.toRel, now, action.hash)]);
};
