import type { BaseRecord } from '../model/base.js';
import type { Tree } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, parentKey, type Key } from '../model/key.js';
import { other, SIDES, type Side } from '../model/side.js';
import { gather, type GatherInput } from './gather.js';

/**
 * gatherLimited derives the facts of a pass over everything (`only` undefined), or of a limited one: the
 * limit's keys (`limit`, returned for narrowToLimit), plus the possible other halves of a move found anywhere
 * on the side, which move pairing must see (narrowToLimit drops those that paired with nothing in the limit).
 */
export function gatherLimited(input: GatherInput, only: readonly Key[] | undefined): { facts: Map<Key, PathFact>; limit?: Set<Key> } {
  if (!only) return { facts: gather(input) };
  const src = { left: input.left, right: input.right, base: input.base };
  const limit = limitedKeys(only, src);
  const facts = gather({ ...input, keys: limit });
  const extra = moveCounterparts(facts, src);
  if (!extra.length) return { facts, limit };
  return { facts: gather({ ...input, keys: limitedKeys([...only, ...extra], src) }), limit };
}

/** Sources are the three places a key can be known: both listings and the base. */
export interface Sources {
  left: Tree;
  right: Tree;
  base: ReadonlyMap<Key, BaseRecord>;
}

/**
 * limitedKeys lists the keys a pass limited to `prefixes` looks at: each prefix, everything under the ones that
 * are folders somewhere, and their ancestors (a new file needs its folders). A prefix that is a file (or nothing)
 * everywhere has nothing under it, so a limit made only of files costs a few lookups, not a walk of 90k keys.
 */
export function limitedKeys(prefixes: readonly Key[], src: Sources): Set<Key> {
  const keys = new Set<Key>();
  const folders = new Set<Key>();
  for (const p of prefixes) {
    for (let k = p; k !== ''; k = parentKey(k)) if (isKnown(k, src)) keys.add(k);
    if (p === '' || isFolderSomewhere(p, src)) folders.add(p);
  }
  if (folders.size === 0) return keys;
  if (folders.has('')) return allKeys(src);
  const under = underAny(folders);
  for (const source of [src.left.keys(), src.right.keys(), src.base.keys()]) {
    for (const key of source) if (under(key)) keys.add(key);
  }
  return keys;
}

/** allKeys is every key known to either side or the base. */
function allKeys(src: Sources): Set<Key> {
  return new Set<Key>([...src.left.keys(), ...src.right.keys(), ...src.base.keys()]);
}

function isKnown(key: Key, src: Sources): boolean {
  return src.left.has(key) || src.right.has(key) || src.base.has(key);
}

function isFolderSomewhere(key: Key, src: Sources): boolean {
  return src.left.get(key)?.type === 'dir' || src.right.get(key)?.type === 'dir' || src.base.get(key)?.type === 'dir';
}

/**
 * underAny tests "is this key one of the folders or inside one": a few folders by prefix, many by walking up
 * the key's ancestors (O(depth) whatever their number).
 */
function underAny(folders: ReadonlySet<Key>): (key: Key) => boolean {
  if (folders.size <= 8) {
    const list = [...folders];
    return (key) => list.some((f) => isUnder(key, f));
  }
  return (key) => {
    for (let k = key; k !== ''; k = parentKey(k)) if (folders.has(k)) return true;
    return false;
  };
}

/**
 * moveCounterparts finds, outside a limited pass, what move pairing must also see: a key deleted on side S may
 * have moved to a key created on S, and the other way round. Pairs match on type and size (facts/moves), so
 * for every type and size seen among the limited candidates, all candidates of that class on S come in (both
 * kinds: uniqueness is judged as in a pass over everything), each with what is under it. Returns those keys
 * (prefixes for limitedKeys); empty when nothing in the limit can be half of a move.
 */
export function moveCounterparts(facts: ReadonlyMap<Key, PathFact>, src: Sources): Key[] {
  const out: Key[] = [];
  for (const side of SIDES) {
    const classes = limitedClasses(facts, side);
    if (classes.size === 0) continue;
    const gone = new Map<string, Key[]>();
    const born = new Map<string, Key[]>();
    collectCandidates(src, side, classes, gone, born);
    for (const cls of classes) {
      if (!gone.get(cls)?.length || !born.get(cls)?.length) continue;
      out.push(...gone.get(cls)!, ...born.get(cls)!);
    }
  }
  return out;
}

/** limitedClasses lists `type:size` of the limited facts that could be half of a move on `side`. */
function limitedClasses(facts: ReadonlyMap<Key, PathFact>, side: Side): Set<string> {
  const o = other(side);
  const classes = new Set<string>();
  for (const fact of facts.values()) {
    if (fact.facts[side] === 'deleted' && fact[o] && fact.base) classes.add(`${fact.base.type}:${fact.base[side].size}`);
    if (fact.facts[side] === 'created' && !fact[o]) classes.add(`${fact[side]!.type}:${fact[side]!.size}`);
  }
  return classes;
}

/** collectCandidates sorts the whole side's possible move halves of the wanted classes into deleted and created (a superset of facts/moves' candidates). */
function collectCandidates(src: Sources, side: Side, classes: ReadonlySet<string>, gone: Map<string, Key[]>, born: Map<string, Key[]>): void {
  const here = src[side];
  const there = src[other(side)];
  const add = (to: Map<string, Key[]>, cls: string, key: Key) => {
    if (!classes.has(cls)) return;
    const list = to.get(cls);
    if (list) list.push(key);
    else to.set(cls, [key]);
  };
  for (const key of src.base.keys()) {
    if (here.has(key) || !there.has(key)) continue;
    const rec = src.base.get(key)!;
    add(gone, `${rec.type}:${rec[side].size}`, key);
  }
  for (const key of here.keys()) {
    if (src.base.has(key) || there.has(key)) continue;
    const entry = here.get(key)!;
    add(born, `${entry.type}:${entry.size}`, key);
  }
}

/**
 * narrowToLimit drops, after move pairing, the facts a limited pass must not decide: what is neither in the
 * limit nor linked to it. A move with one end in the limit links its other end, what is under both (the paths
 * inside a moved folder move with it) and their ancestors; a counterpart that paired with nothing in the limit
 * waits for a pass of its own.
 */
export function narrowToLimit(facts: Map<Key, PathFact>, limit: ReadonlySet<Key>): void {
  const ends = new Set<Key>();
  const ancestors = new Set<Key>();
  for (const fact of facts.values()) {
    if (fact.movedFrom === undefined || !(limit.has(fact.key) || limit.has(fact.movedFrom))) continue;
    for (const end of [fact.key, fact.movedFrom]) {
      ends.add(end);
      for (let k = parentKey(end); k !== ''; k = parentKey(k)) ancestors.add(k);
    }
  }
  const linked = underAny(ends);
  for (const key of [...facts.keys()]) if (!limit.has(key) && !ancestors.has(key) && !linked(key)) facts.delete(key);
}
