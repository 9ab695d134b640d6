import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, type Key } from '../model/key.js';
import { other, SIDES, type Side } from '../model/side.js';

/**
 * pairMoves finds entries moved on one side since the base (SPEC §3: applied as renames, never as delete +
 * re-upload) and marks them (pure). A pair is a key deleted on side S whose other side still holds the base
 * version (or an edit of it), and a key created on S (absent on the other side) holding that same content: same type, size, mtime
 * within the tolerance, and the same inode when both are known (required for folders). Only unique pairs count;
 * anything ambiguous stays a copy plus a delete, which loses nothing. Returns the keys that sit this pass out:
 * the old paths, and everything under a moved folder (its records move with the folder).
 */
export function pairMoves(facts: Map<Key, PathFact>, toleranceMs: number): Set<Key> {
  const skip = new Set<Key>();
  for (const side of SIDES) {
    const gone = candidates(facts, side, 'deleted');
    const born = candidates(facts, side, 'created');
    if (!gone.length || !born.length) continue;
    const pairs = uniquePairs(gone, born, side, toleranceMs);
    // Folders first, shallowest first: a moved folder carries what is under it.
    pairs.sort((a, b) => Number(b.to[side]!.type === 'dir') - Number(a.to[side]!.type === 'dir') || a.from.key.length - b.from.key.length);
    for (const { from, to } of pairs) {
      if (skip.has(from.key) || skip.has(to.key)) continue;
      to.facts.moved = side;
      to.movedFrom = from.key;
      skip.add(from.key);
      if (to[side]!.type === 'dir') to.carries = carry(facts, from.key, to.key, skip);
    }
  }
  return skip;
}

function candidates(facts: Map<Key, PathFact>, side: Side, state: 'deleted' | 'created'): PathFact[] {
  const o = other(side);
  const out: PathFact[] = [];
  for (const fact of facts.values()) {
    if (fact.facts[side] !== state) continue;
    // The old path must still hold the base version on the other side, or an edit of it (it lands at the new path).
    const ok = state === 'deleted' ? fact.facts[o] === 'unchanged' || (fact.facts[o] === 'modified' && fact[o]?.type === 'file') : fact.facts[o] === 'absent';
    if (ok) out.push(fact);
  }
  return out;
}

function uniquePairs(gone: PathFact[], born: PathFact[], side: Side, toleranceMs: number): { from: PathFact; to: PathFact }[] {
  const index = new Map<string, PathFact[]>();
  for (const to of born) {
    const e = to[side]!;
    const id = `${e.type}:${e.size}`;
    index.set(id, [...(index.get(id) ?? []), to]);
  }
  const byTarget = new Map<Key, PathFact[]>();
  const chosen: { from: PathFact; to: PathFact }[] = [];
  for (const from of gone) {
    const was = from.base![side];
    const matches = (index.get(`${from.base!.type}:${was.size}`) ?? []).filter((to) => same(was, from.base!, to[side]!, toleranceMs));
    if (matches.length !== 1) continue;
    chosen.push({ from, to: matches[0] });
    byTarget.set(matches[0].key, [...(byTarget.get(matches[0].key) ?? []), from]);
  }
  return chosen.filter(({ to }) => byTarget.get(to.key)!.length === 1);
}

function same(was: SideRecord, base: BaseRecord, now: Entry, toleranceMs: number): boolean {
  if (now.type !== base.type) return false;
  const inoKnown = was.ino !== 0 && now.ino !== 0;
  if (now.type === 'dir') return inoKnown && was.ino === now.ino;
  if (inoKnown && was.ino !== now.ino) return false;
  return now.size === was.size && Math.abs(now.mtimeMs - was.mtimeMs) <= toleranceMs;
}

/** carry lists the base records under a moved folder that move with it, and sets every key under both folders aside. */
function carry(facts: Map<Key, PathFact>, fromKey: Key, toKey: Key, skip: Set<Key>): { key: Key; toKey: Key }[] {
  const carries: { key: Key; toKey: Key }[] = [];
  for (const fact of facts.values()) {
    if (fact.key !== fromKey && isUnder(fact.key, fromKey)) {
      skip.add(fact.key);
      if (fact.base) carries.push({ key: fact.key, toKey: toKey + fact.key.slice(fromKey.length) });
    } else if (fact.key !== toKey && isUnder(fact.key, toKey)) skip.add(fact.key);
  }
  return carries;
}
