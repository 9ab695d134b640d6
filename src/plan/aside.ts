import type { Action, ForgetAction } from '../model/action.js';
import { isUnder, type Key } from '../model/key.js';
import { other, type Side } from '../model/side.js';

/** Aside is one folder set aside under a clash name: its key and, per side, the path prefix it moves from and to. */
interface Aside {
  key: Key;
  toKey: Key;
  rels: Record<Side, { from: string; to: string }>;
}

/**
 * followAsides moves everything inside a folder set aside under its clash name (a type clash whose file keeps
 * the name) along with it (pure): the actions of the paths inside act at the clash path on both sides (on the
 * folder's side the rename carried them there; on the file's side the clash folder is created) and settle the
 * clash path's key; the old keys' base records (where `recorded` says there is one) are forgotten, as nothing is
 * left at those paths.
 */
export function followAsides(actions: Action[], recorded: (key: Key) => boolean): Action[] {
  const asides: Aside[] = [];
  for (const a of actions) {
    if (a.kind !== 'rename' || !a.setAside) continue;
    const rels = { [a.side]: { from: a.fromRel, to: a.toRel }, [other(a.side)]: { from: a.setAside.otherRel, to: a.setAside.otherToRel } } as Aside['rels'];
    asides.push({ key: a.key, toKey: a.toKey, rels });
  }
  if (!asides.length) return actions;
  const out: Action[] = [];
  const forgotten = new Set<Key>();
  for (const action of actions) {
    const aside = asides.find((s) => action.key !== s.key && isUnder(action.key, s.key));
    if (!aside) {
      out.push(action);
      continue;
    }
    const toKey = aside.toKey + action.key.slice(aside.key.length);
    if (action.kind !== 'forget' && recorded(action.key) && !forgotten.has(action.key)) {
      forgotten.add(action.key);
      const forget: ForgetAction = { kind: 'forget', key: action.key, ruleId: action.ruleId, reason: `moved along to ${toKey} with the folder set aside` };
      out.push(forget);
    }
    out.push(action.kind === 'forget' ? action : moveAlong(action, toKey, aside));
  }
  return out;
}

function moveAlong(action: Action, key: Key, aside: Aside): Action {
  const map = (side: Side, rel: string) => {
    const { from, to } = aside.rels[side];
    return rel === from || rel.startsWith(`${from}/`) ? to + rel.slice(from.length) : rel;
  };
  switch (action.kind) {
    case 'copy': {
      const to: Side = other(action.from);
      const out = { ...action, key, srcRel: map(action.from, action.srcRel), dstRel: map(to, action.dstRel) };
      if (action.dstCurrentRel !== undefined) out.dstCurrentRel = map(to, action.dstCurrentRel);
      return out;
    }
    case 'rename': return { ...action, key, fromRel: map(action.side, action.fromRel), toRel: map(action.side, action.toRel), toKey: aside.toKey + action.toKey.slice(aside.key.length) };
    case 'setProps': return { ...action, key, rel: map(action.side, action.rel), toRel: map(action.side, action.toRel) };
    case 'mkdir': {
      // Created on the file's side; on the folder's side the rename took it along: observe it there too.
      const rel = map(action.side, action.rel);
      const here = aside.rels[action.side].to;
      return { ...action, key, rel, otherRel: aside.rels[other(action.side)].to + rel.slice(here.length) };
    }
    case 'delete': case 'rmdir': {
      const out = { ...action, key, rel: map(action.side, action.rel) };
      if (action.absentOnOther !== undefined) out.absentOnOther = map(other(action.side), action.absentOnOther);
      return out;
    }
    default: return { ...action, key };
  }
}
