import type { ActionResult, ConflictAction } from '../model/action.js';
import type { ConflictRecord, ConflictSide } from '../model/conflict.js';
import type { Decision } from '../model/decision.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { StateStore } from '../state/store.js';

function sideOf(entry: Entry | undefined): ConflictSide {
  return entry ? { rel: entry.rel, size: entry.size, mtimeMs: entry.mtimeMs } : { rel: null, size: null, mtimeMs: null };
}

/**
 * conflictUpdates records this pass's conflicts and settles open ones whose path no longer decides as an open
 * conflict (made equal by hand, losing copy deleted, …); returns the records that are new or changed. An open
 * conflict met again unchanged is left as recorded (its `lastSeen` is when it last changed).
 */
export function conflictUpdates(
  store: StateStore, facts: ReadonlyMap<Key, PathFact>, decisions: ReadonlyMap<Key, Decision>, results: readonly ActionResult[], now: Date,
): ConflictRecord[] {
  const at = now.toISOString();
  const changed: ConflictRecord[] = [];
  const seen = new Set<Key>();
  for (const result of results) {
    if (result.action.kind !== 'conflict' || !result.ok) continue;
    const action: ConflictAction = result.action;
    const fact = facts.get(action.key);
    const old = store.conflicts.get(action.key);
    seen.add(action.key);
    const record: ConflictRecord = {
      key: action.key, rule: action.rule, option: action.option, newer: fact?.facts.newer ?? 'same',
      left: sideOf(fact?.left), right: sideOf(fact?.right), actions: action.actions,
      status: action.open ? 'open' : 'settled',
      firstSeen: old?.status === 'open' ? old.firstSeen : at, lastSeen: at,
    };
    if (!action.open) Object.assign(record, { settledAt: at, settledBy: `policy ${action.option}` });
    // The same open conflict seen again is no news: writing it (a new lastSeen) would rewrite the whole state every pass.
    if (isSameOpen(old, record)) continue;
    store.putConflict(record);
    changed.push(record);
  }
  pruneSettled(store, now);
  for (const old of store.openConflicts()) {
    if (seen.has(old.key) || !facts.has(old.key)) continue;
    const decision = decisions.get(old.key);
    const settled: ConflictRecord = { ...old, status: 'settled', lastSeen: at, settledAt: at, settledBy: `path now decided as ${decision?.action ?? 'gone'}` };
    store.putConflict(settled);
    changed.push(settled);
  }
  return changed;
}

function isSameOpen(old: ConflictRecord | undefined, now: ConflictRecord): boolean {
  return old?.status === 'open' && now.status === 'open' && JSON.stringify([old.left, old.right, old.rule, old.option]) === JSON.stringify([now.left, now.right, now.rule, now.option]);
}

const KEEP_SETTLED_MS = 30 * 86_400_000;

/** pruneSettled forgets settled conflicts after 30 days, so the state does not grow without bound. */
function pruneSettled(store: StateStore, now: Date): void {
  for (const c of [...store.conflicts.values()]) {
    if (c.status === 'settled' && c.settledAt && now.getTime() - Date.parse(c.settledAt) > KEEP_SETTLED_MS) store.deleteConflict(c.key);
  }
}
