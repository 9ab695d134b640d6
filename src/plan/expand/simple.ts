import type { Action, SetPropsAction } from '../../model/action.js';
import { stampOf, type Entry } from '../../model/entry.js';
import type { Key } from '../../model/key.js';
import type { PathFact } from '../../model/fact.js';
import { other, SIDES, type Side } from '../../model/side.js';
import { relOnSide, withName, baseName } from '../rel-map.js';
import { entryOf, provenance, relOf, sideParam, trashable, type Expand } from './context.js';

/**
 * inSync records both sides as the new base; nothing to record when neither side moved since the base,
 * unless this pass computed a hash the base lacks (recorded, the next pass need not read the file again).
 */
export const inSync: Expand = (fact, decision) =>
  fact.base && fact.facts.left === 'unchanged' && fact.facts.right === 'unchanged' && !SIDES.some((side) => freshHash(fact, side))
    ? []
    : [{ kind: 'record', key: fact.key, rel: relOf(fact), ...provenance(decision, 'in sync') }];

/** freshHash tells whether a side's entry carries a hash its base record would not give back (none recorded, or the stamp moved within the tolerance). */
function freshHash(fact: PathFact, side: Side): boolean {
  const now = fact[side];
  const was = fact.base?.[side];
  return now?.hash !== undefined && was !== undefined && (was.hash !== now.hash || was.size !== now.size || was.mtimeMs !== now.mtimeMs);
}

/** forget drops the base record. */
export const forget: Expand = (fact, decision) => [{ kind: 'forget', key: fact.key, rel: relOf(fact), ...provenance(decision, 'gone on both sides') }];

/** copy puts `from`'s version on the other side: a folder is created, a file copied (overwriting). */
export const copy: Expand = (fact, decision, ctx) => {
  const from = sideParam(fact, decision, 'from');
  const to = other(from);
  const src = entryOf(fact, from, decision);
  const dst = fact[to];
  const dstRel = dst ? withName(dst.rel, baseName(src.rel)) : relOnSide(src.rel, ctx.trees[to], ctx.caseInsensitive);
  if (src.type === 'dir') {
    return [{ kind: 'mkdir', key: fact.key, side: to, rel: dstRel, mode: src.mode, ...provenance(decision, `create folder on ${to}`) }];
  }
  const action: Action = {
    kind: 'copy', key: fact.key, from, srcRel: src.rel, dstRel, size: src.size,
    expectSrc: stampOf(src), expectDst: stampOf(dst),
    trashOverwritten: dst !== undefined && ctx.softDelete.onOverwrite && trashable(dst, ctx),
    ...provenance(decision, dst ? `${from} overwrites ${to}` : `copy ${from} to ${to}`),
  };
  if (dst && dst.rel !== dstRel) action.dstCurrentRel = dst.rel;
  if (src.hash !== undefined) action.hash = src.hash;
  return [action];
};

/** remove deletes the path on side `on`: a file (to the trash when small enough), or a folder once empty. */
export const remove: Expand = (fact, decision, ctx) => {
  const on = sideParam(fact, decision, 'on');
  const entry = entryOf(fact, on, decision);
  // What the plan saw absent on the other side is the delete's evidence: the executor checks it again first.
  const evidence = fact[other(on)] ? {} : { absentOnOther: fact.base?.[other(on)].rel ?? entry.rel };
  if (entry.type === 'dir') {
    return [{ kind: 'rmdir', key: fact.key, side: on, rel: entry.rel, ...evidence, ...provenance(decision, `remove folder on ${on}`) }];
  }
  const trash = typeof decision.params.trash === 'boolean' ? decision.params.trash : trashable(entry, ctx);
  return [{
    kind: 'delete', key: fact.key, side: on, rel: entry.rel, expect: stampOf(entry), trash, ...evidence,
    ...provenance(decision, trash ? `move to trash on ${on}` : `delete on ${on}`),
  }];
};

/**
 * syncProps gives the other side `from`'s name spelling and mode, and both sides the mtime of side `mtime`
 * (default `from`; a file's only, and only beyond the tolerance: its content is equal, so the bytes stay).
 */
export const syncProps: Expand = (fact, decision, ctx) => {
  const from = sideParam(fact, decision, 'from');
  const to = other(from);
  const src = entryOf(fact, from, decision);
  const dst = entryOf(fact, to, decision);
  const mtimeMs = entryOf(fact, decision.params.mtime === undefined ? from : sideParam(fact, decision, 'mtime'), decision).mtimeMs;
  const retime = (entry: Entry) => (entry.type === 'file' && Math.abs(entry.mtimeMs - mtimeMs) > ctx.mtimeToleranceMs ? mtimeMs : undefined);
  const there = setProps(fact.key, to, dst, withName(dst.rel, baseName(src.rel)), src.mode, retime(dst), provenance(decision, `apply ${from}'s name and attributes to ${to}`));
  const own = retime(src);
  if (own === undefined) return [there];
  const here = setProps(fact.key, from, src, src.rel, src.mode, own, provenance(decision, `apply ${to}'s mtime to ${from}`));
  // The other side already holds the path, mode and mtime both end with: only this side changes.
  return dst.rel === src.rel && dst.mode === src.mode && there.mtimeMs === undefined ? [here] : [there, here];
};

function setProps(key: Key, side: Side, entry: Entry, toRel: string, mode: number, mtimeMs: number | undefined, why: ReturnType<typeof provenance>): SetPropsAction {
  const action: SetPropsAction = { kind: 'setProps', key, side, rel: entry.rel, toRel, mode, expect: stampOf(entry), ...why };
  if (mtimeMs !== undefined) action.mtimeMs = mtimeMs;
  if (entry.hash !== undefined) action.hash = entry.hash;
  return action;
}
