import type { Action } from '../../model/action.js';
import { stampOf } from '../../model/entry.js';
import { other } from '../../model/side.js';
import { relOnSide, withName, baseName } from '../rel-map.js';
import { entryOf, provenance, sideParam, trashable, type Expand } from './context.js';

/** inSync records both sides as the new base; nothing to record when neither side moved since the base. */
export const inSync: Expand = (fact, decision) =>
  fact.base && fact.facts.left === 'unchanged' && fact.facts.right === 'unchanged'
    ? []
    : [{ kind: 'record', key: fact.key, ...provenance(decision, 'in sync') }];

/** forget drops the base record. */
export const forget: Expand = (fact, decision) => [{ kind: 'forget', key: fact.key, ...provenance(decision, 'gone on both sides') }];

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

/** syncProps gives the other side `from`'s name spelling and mode, and its mtime when content is equal but mtimes differ. */
export const syncProps: Expand = (fact, decision, ctx) => {
  const from = sideParam(fact, decision, 'from');
  const to = other(from);
  const src = entryOf(fact, from, decision);
  const dst = entryOf(fact, to, decision);
  const mtimeDiffers = src.type === 'file' && Math.abs(src.mtimeMs - dst.mtimeMs) > ctx.mtimeToleranceMs;
  const action: Action = {
    kind: 'setProps', key: fact.key, side: to, rel: dst.rel, toRel: withName(dst.rel, baseName(src.rel)),
    mode: src.mode, expect: stampOf(dst), ...provenance(decision, `apply ${from}'s name and attributes to ${to}`),
  };
  if (mtimeDiffers) action.mtimeMs = src.mtimeMs;
  return [action];
};
