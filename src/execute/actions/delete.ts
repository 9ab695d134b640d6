import type { DeleteAction } from '../../model/action.js';
import { precheck, reappeared } from '../precheck.js';
import { changedResult, gone, okResult } from '../results.js';
import { moveToTrash } from '../trash.js';
import type { Handler } from '../types.js';

/** remove deletes a file on one side, into this run's trash when the action says so (SPEC §5). */
export const remove: Handler<DeleteAction> = async (action, env) => {
  const io = env.io(action.side);
  const check = await precheck(io, action.rel, action.expect);
  if (!check.ok) return changedResult(action, io.side, action.rel, check.why);
  const back = await reappeared(env, action.side, action.absentOnOther);
  if (back) return changedResult(action, back.side, back.rel, back.why);
  const observed = [gone(action.key, io.side)];
  // Already absent, as the plan expected: nothing to do, and the base may forget it.
  if (check.stat === null) return okResult(action, observed);
  if (!action.trash) {
    await io.fs.unlink(io.abs(action.rel));
    return okResult(action, observed);
  }
  const trashedTo = await moveToTrash(io, env.ctx, action.rel);
  return okResult(action, observed, { trashedTo });
};
