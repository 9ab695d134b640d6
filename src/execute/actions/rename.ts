import type { RenameAction } from '../../model/action.js';
import { ensureDir } from '../dirs.js';
import { renameEntry } from '../move.js';
import { parentRel, sameEntryName } from '../paths.js';
import { precheck } from '../precheck.js';
import { changedResult, failResult, gone, observe, okResult } from '../results.js';
import type { Handler } from '../types.js';

/**
 * rename moves an entry on one side (a move, a case change, a version set aside under its clash name).
 * It never overwrites: an existing target is refused with `exists`. Missing parents of the target are
 * created, since a move into a new folder is what the other side did.
 */
export const rename: Handler<RenameAction> = async (action, env) => {
  const io = env.io(action.side);
  const from = await precheck(io, action.fromRel, action.expect);
  if (!from.ok) return changedResult(action, io.side, action.fromRel, from.why);
  const target = await io.fs.stat(io.abs(action.toRel));
  // On a case-insensitive disk a case-only rename finds the source itself at the target name.
  const isSelf = target !== null && sameEntryName(action.fromRel, action.toRel) && target.ino === from.stat?.ino;
  if (target !== null && !isSelf) {
    return failResult(action, 'exists', `${io.side}:${action.toRel} already exists; a rename never overwrites`);
  }
  await ensureDir(io, parentRel(action.toRel));
  await renameEntry(io, action.fromRel, action.toRel);
  const moved = await io.fs.stat(io.abs(action.toRel));
  if (moved === null) return failResult(action, 'ENOENT', `${io.side}:${action.toRel} missing right after the rename`);
  const observed = [observe(action.toKey, io.side, action.toRel, moved, action.hash)];
  if (action.key !== action.toKey) observed.unshift(gone(action.key, io.side));
  return okResult(action, observed);
};
