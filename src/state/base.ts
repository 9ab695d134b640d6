import type { ActionResult, RenameAction } from '../model/action.js';
import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import { respelledAfter, respellScanned, type Respellings } from '../plan/respell.js';

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

/**
 * viewFor starts a key's view from what the scan saw; an entry inside a folder this pass respelled (in case or
 * Unicode form) takes the folder's new spelling, so a side no action of the key observed is recorded as it is now.
 */
function viewFor(fact: PathFact | undefined, respelled: Respellings): KeyView {
  const record = (side: Side): SideRecord | null => {
    const entry = fact?.[side];
    if (!entry) return null;
    const rec = toSideRecord(entry);
    return { ...rec, rel: respellScanned(rec.rel, respelled[side]) };
  };
  return {
    ok: true, forget: false, touched: false,
    side: { left: record('left'), right: record('right') },
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
 * `respelled` holds the folders the pass has respelled so far (by default those among `results`): a side of a key
 * inside one that no action of the key observed is recorded under the folder's new spelling.
 */
export function baseUpdates(
  facts: ReadonlyMap<Key, PathFact>, results: readonly ActionResult[],
  respelled: Respellings = respelledAfter(results.filter((r) => r.ok).map((r) => r.action)),
): BaseUpdates {
  const views = new Map<Key, KeyView>();
  const view = (key: Key) => {
    let v = views.get(key);
    if (!v) views.set(key, (v = viewFor(facts.get(key), respelled)));
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
  // Records under a moved folder move with it; a path inside that had actions of its own is then settled from them.
  for (const result of results) if (result.ok && result.action.kind === 'rename' && result.action.move) moveBase(facts, result.action, updates);
  for (const [key, v] of views) {
    if (!v.ok || !v.touched) continue;
    if (v.forget) updates.set(key, null);
    else if (v.side.left && v.side.right && v.type.left && v.type.left === v.type.right) {
      updates.set(key, { type: v.type.left, left: v.side.left, right: v.side.right });
    } else if (!v.side.left && !v.side.right) updates.set(key, null);
  }
  return updates;
}

/**
 * moveBase moves the base records under a moved folder along with it: the pass derived the paths inside as
 * if already moved (facts/moves-folder), with the records re-keyed and re-spelled; those become the base.
 */
function moveBase(facts: ReadonlyMap<Key, PathFact>, action: RenameAction, updates: BaseUpdates): void {
  for (const { key, toKey } of action.move?.carries ?? []) {
    const moved = facts.get(toKey)?.base;
    if (!moved) continue;
    updates.set(toKey, moved);
    updates.set(key, null);
  }
}
