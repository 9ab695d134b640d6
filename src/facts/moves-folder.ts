import type { BaseRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, type Key } from '../model/key.js';
import { other, type Side } from '../model/side.js';
import { relOnSide } from '../plan/rel-map.js';
import { derive } from './derive.js';
import type { MoveContext } from './moves.js';

/**
 * rebaseFolder re-derives every path under a folder moved on `side` as if the other side had moved it too:
 * the other side's entries and the base records are carried from the old place to the new one, so an edit,
 * a new file or a delete inside the folder is decided in the same pass as the move (its actions run after
 * the folder's rename). The old paths sit the pass out; their base records move with the rename.
 */
export function rebaseFolder(facts: Map<Key, PathFact>, from: PathFact, to: PathFact, side: Side, ctx: MoveContext, skip: Set<Key>, rebased: Set<Key>): { key: Key; toKey: Key }[] {
  const o = other(side);
  const oldRootO = from[o]!.rel;
  const newRootO = relOnSide(to[side]!.rel, ctx.trees[o], ctx.caseInsensitive);
  const oldRootS = from.base![side].rel;
  const newRootS = to[side]!.rel;
  const moveRel = (rel: string, oldRoot: string, newRoot: string) => newRoot + rel.slice(oldRoot.length);
  const suffixes = new Set<string>();
  for (const key of facts.keys()) {
    if (key !== from.key && isUnder(key, from.key)) suffixes.add(key.slice(from.key.length));
    if (key !== to.key && isUnder(key, to.key)) suffixes.add(key.slice(to.key.length));
  }
  const carries: { key: Key; toKey: Key }[] = [];
  for (const suffix of suffixes) {
    const oldKey = from.key + suffix;
    const newKey = to.key + suffix;
    const was = facts.get(oldKey);
    const here = facts.get(newKey);
    const there: Entry | undefined = was?.[o] ? { ...was[o], rel: moveRel(was[o].rel, oldRootO, newRootO) } : undefined;
    let base: BaseRecord | undefined;
    if (was?.base) {
      const b = was.base;
      const sideRel = here?.[side]?.rel ?? moveRel(b[side].rel, oldRootS, newRootS);
      const moved = { [side]: { ...b[side], rel: sideRel }, [o]: { ...b[o], rel: moveRel(b[o].rel, oldRootO, newRootO) } } as Record<Side, BaseRecord['left']>;
      base = { type: b.type, left: moved.left, right: moved.right };
      carries.push({ key: oldKey, toKey: newKey });
    }
    if (was) skip.add(oldKey);
    const left = side === 'left' ? here?.left : there;
    const right = side === 'right' ? here?.right : there;
    if (!left && !right && !base) continue;
    const fact = derive(newKey, base, left, right, to.scope, ctx.derive);
    if (was) fact.cameFrom = oldKey;
    facts.set(newKey, fact);
    rebased.add(newKey);
  }
  return carries;
}
