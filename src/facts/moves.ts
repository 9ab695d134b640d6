import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Entry, Tree } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, type Key } from '../model/key.js';
import { other, SIDES, type Side } from '../model/side.js';
import type { DeriveOptions } from './derive.js';
import { rebaseFolder } from './moves-folder.js';

/** MoveContext is what pairing needs besides the facts: both listings and the settings facts are derived with. */
export interface MoveContext {
  trees: Record<Side, Tree>;
  caseInsensitive: boolean;
  derive: DeriveOptions;
}

/**
 * pairMoves finds entries moved on one side since the base (SPEC §3: applied as renames, never as delete +
 * re-upload) and marks them. A pair is a key deleted on side S whose other side still holds the base version
 * (or, for a file, an edit of it), and a key created on S, absent on the other side, holding that content:
 * a file with the same size and mtime (and inode, when both are known); a folder with the same inode and the
 * same content underneath (inode numbers are reused, so an inode alone proves nothing). Only unique pairs
 * count; anything ambiguous stays a copy plus a delete, which loses nothing. Under a moved folder the facts
 * are re-derived as if the other side had moved too, so everything inside is decided in the same pass.
 * Returns the keys that sit this pass out: the old paths.
 */
export function pairMoves(facts: Map<Key, PathFact>, ctx: MoveContext): Set<Key> {
  const skip = new Set<Key>();
  const rebased = new Set<Key>();
  for (const side of SIDES) {
    const gone = candidates(facts, side, 'deleted');
    const born = candidates(facts, side, 'created');
    if (!gone.length || !born.length) continue;
    const pairs = uniquePairs(facts, gone, born, side, ctx.derive.mtimeToleranceMs);
    // Folders first, shallowest first: a moved folder takes what is under it along.
    pairs.sort((a, b) => Number(b.to[side]!.type === 'dir') - Number(a.to[side]!.type === 'dir') || a.from.key.length - b.from.key.length);
    for (const { from, to } of pairs) {
      if (skip.has(from.key) || skip.has(to.key) || rebased.has(to.key) || rebased.has(from.key)) continue;
      to.facts.moved = side;
      to.movedFrom = from.key;
      // Which scope decides a move that crosses one is the policies' word (movesOut), read when deciding.
      to.cameFrom = from.key;
      skip.add(from.key);
      if (to[side]!.type === 'dir') to.carries = rebaseFolder(facts, from, to, side, ctx, skip, rebased);
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

function uniquePairs(facts: Map<Key, PathFact>, gone: PathFact[], born: PathFact[], side: Side, toleranceMs: number): { from: PathFact; to: PathFact }[] {
  const index = new Map<string, PathFact[]>();
  for (const to of born) {
    const e = to[side]!;
    const id = `${e.type}:${e.size}`;
    index.set(id, [...(index.get(id) ?? []), to]);
  }
  const byTarget = new Map<Key, number>();
  const chosen: { from: PathFact; to: PathFact }[] = [];
  for (const from of gone) {
    const base = from.base!;
    const matches = (index.get(`${base.type}:${base[side].size}`) ?? []).filter((to) =>
      sameEntry(base[side], base, to[side]!, toleranceMs) && (base.type === 'file' || sameInside(facts, from.key, to.key, side, toleranceMs)));
    if (matches.length !== 1) continue;
    chosen.push({ from, to: matches[0] });
    byTarget.set(matches[0].key, (byTarget.get(matches[0].key) ?? 0) + 1);
  }
  return chosen.filter(({ to }) => byTarget.get(to.key) === 1);
}

function sameEntry(was: SideRecord, base: BaseRecord, now: Entry, toleranceMs: number): boolean {
  if (now.type !== base.type) return false;
  const inoKnown = was.ino !== 0 && now.ino !== 0;
  if (now.type === 'dir') return inoKnown && was.ino === now.ino;
  if (inoKnown && was.ino !== now.ino) return false;
  return now.size === was.size && Math.abs(now.mtimeMs - was.mtimeMs) <= toleranceMs;
}

/**
 * sameInside tells whether a folder created at `to` holds what the folder at `from` held: both empty, or at
 * least one file at the same place inside with the recorded size and mtime.
 */
function sameInside(facts: Map<Key, PathFact>, from: Key, to: Key, side: Side, toleranceMs: number): boolean {
  let before = 0;
  let after = 0;
  for (const fact of facts.values()) {
    if (fact.key !== from && isUnder(fact.key, from) && fact.base) before++;
    if (fact.key === to || !isUnder(fact.key, to) || !fact[side]) continue;
    after++;
    const twin = facts.get(from + fact.key.slice(to.length));
    const was = twin?.base?.[side];
    const now = fact[side];
    if (was && twin.base!.type === 'file' && now.type === 'file' && now.size === was.size && Math.abs(now.mtimeMs - was.mtimeMs) <= toleranceMs) return true;
  }
  return before === 0 && after === 0;
}

