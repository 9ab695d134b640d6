import type { ActionResult, RenameAction } from '../model/action.js';
import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';

/** BaseUpdate is a new base record for a key, or null to drop it. */
export type BaseUpdates = Map<Key, BaseRecord | null>;

/** toSideRecord keeps what the base needs of a scanned entry. */
export function toSideRecord(entry: Entry): SideRecord {
  const rec: SideRecord = { rel: entry.rel, size: entry.size, mtimeMs: entry.mtimeMs, mode: entry.mode, ino: entry.ino };
  if (entry.hash !== undefined) rec.hash = entry.hash;
  return rec;
}

interface KeyView {
  ok: boolean;
  forget: boolean;
  touched: boolean;
  side: Record<Side, SideRecord | null>;
  type: Record<Side, Entry['type'] | null>;
}

function viewFor(fact: PathFact | undefined): KeyView {
  return {
    ok: true, forget: false, touched: false,
    side: { left: fact?.left ? toSideRecord(fact.left) : null, right: fact?.right ? toSideRecord(fact.right) : null },
    type: { left: fact?.left?.type ?? null, right: fact?.right?.type ?? null },
  };
}

/** typeAfter says what kind of entry an action leaves behind, for observed records that do not say. */
function typeAfter(action: ActionResult['action']): Entry['type'] | null {
  switch (action.kind) {
    case 'copy': return 'file';
    case 'mkdir': return 'dir';
    case 'rename': case 'setProps': return action.expect?.type ?? null;
    default: return null;
  }
}

/**
 * baseUpdates rebuilds base records from what actually happened (pure): a key whose actions all succeeded gets
 * both sides as observed after them; a key with any failure keeps its old record, so the next pass sees it again.
 */
export function baseUpdates(facts: ReadonlyMap<Key, PathFact>, results: readonly ActionResult[]): BaseUpdates {
  const views = new Map<Key, KeyView>();
  const view = (key: Key) => {
    let v = views.get(key);
    if (!v) views.set(key, (v = viewFor(facts.get(key))));
    return v;
  };
  for (const result of results) {
    const { action } = result;
    const keys = action.kind === 'rename' ? [action.key, action.toKey] : [action.key];
    for (const key of keys) {
      const v = view(key);
      if (!result.ok) v.ok = false;
      if (action.kind === 'forget') v.forget = true;
      if (action.kind !== 'conflict') v.touched = true;
    }
    if (!result.ok) continue;
    for (const obs of result.observed) {
      const v = view(obs.key);
      v.side[obs.side] = obs.record;
      v.type[obs.side] = obs.record ? obs.type ?? typeAfter(action) ?? v.type[obs.side] : null;
    }
  }
  const updates: BaseUpdates = new Map();
  const moved = new Set<Key>();
  for (const result of results) if (result.ok && result.action.kind === 'rename' && result.action.move) moveBase(facts, result.action, updates, moved);
  for (const [key, v] of views) {
    if (moved.has(key) || !v.ok || !v.touched) continue;
    if (v.forget) updates.set(key, null);
    else if (v.side.left && v.side.right && v.type.left && v.type.left === v.type.right) {
      updates.set(key, { type: v.type.left, left: v.side.left, right: v.side.right });
    } else if (!v.side.left && !v.side.right) updates.set(key, null);
  }
  return updates;
}

/**
 * moveBase moves the base records under a moved folder along with it, with each side's spelling at the new
 * place. Contents and stamps stay as recorded,
 * so what either side changed besides the move still shows against them in the next pass.
 */
function moveBase(facts: ReadonlyMap<Key, PathFact>, action: RenameAction, updates: BaseUpdates, moved: Set<Key>): void {
  const renamed: Side = action.side;
  const mover: Side = renamed === 'left' ? 'right' : 'left';
  // The moved entry itself is settled like any rename, from what is on disk now; the paths inside a moved
  // folder were not looked at one by one, so their records move as they were.
  const oldRoot = action.fromRel;
  for (const { key, toKey } of action.move?.carries ?? []) {
    const base = facts.get(key)?.base;
    if (!base) continue;
    const oldRel = base[renamed].rel;
    const relHere = action.toRel + (oldRel.length > oldRoot.length ? oldRel.slice(oldRoot.length) : '');
    const relThere = facts.get(toKey)?.[mover]?.rel ?? relHere;
    const sides = { [renamed]: { ...base[renamed], rel: relHere }, [mover]: { ...base[mover], rel: relThere } } as Record<Side, SideRecord>;
    updates.set(toKey, { type: base.type, left: sides.left, right: sides.right });
    updates.set(key, null);
    moved.add(key);
    moved.add(toKey);
  }
}
