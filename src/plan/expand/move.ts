import type { Action, MoveCarry, RenameAction } from '../../model/action.js';
import { stampOf } from '../../model/entry.js';
import { other } from '../../model/side.js';
import { relOnSide } from '../rel-map.js';
import { entryOf, PlanError, provenance, sideParam, trashable, type Expand } from './context.js';

/**
 * move replays a rename made on side `from`: the other side's entry (still at the old path, unchanged since
 * the base) is renamed to the new path in one step; a folder takes everything inside it along.
 */
export const move: Expand = (fact, decision, ctx) => {
  const from = sideParam(fact, decision, 'from');
  const to = other(from);
  const source = fact.movedFrom !== undefined ? ctx.factOf?.(fact.movedFrom) : undefined;
  const old = source?.[to];
  if (!source || !old) throw new PlanError(fact.key, `${decision.ruleId}: move needs the old path on ${to}, but none was paired`);
  const moved = entryOf(fact, from, decision);
  const carries: MoveCarry[] = fact.carries ?? [];
  const action: RenameAction = {
    kind: 'rename', key: source.key, side: to, fromRel: old.rel, toRel: relOnSide(moved.rel, ctx.trees[to], ctx.caseInsensitive),
    toKey: fact.key, expect: stampOf(old), move: { carries },
    ...provenance(decision, `${from} moved ${source[from]?.rel ?? source.base?.[from].rel ?? old.rel} to ${moved.rel}${carries.length ? ` (with ${carries.length} paths inside)` : ''}`),
  };
  if (old.hash !== undefined) action.hash = old.hash;
  if (source.facts[to] !== 'modified') return [action];
  // Edited on the other side while moved here: the edit lands at the new path on both sides.
  const edit: Action = {
    kind: 'copy', key: fact.key, from: to, srcRel: action.toRel, dstRel: moved.rel, size: old.size,
    expectSrc: stampOf(old), expectDst: stampOf(moved), trashOverwritten: ctx.softDelete.onOverwrite && trashable(moved, ctx),
    ...provenance(decision, `${to}'s edit of ${old.rel} lands at ${moved.rel}`),
  };
  if (old.hash !== undefined) edit.hash = old.hash;
  return [action, edit];
};
