import type { BaseRecord } from '../model/base.js';
import type { Tree } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, parentKey, type Key } from '../model/key.js';
import { other, SIDES } from '../model/side.js';
import { derive, type DeriveOptions } from './derive.js';

/** GatherInput is one pass's raw material: both listings, the base, and an optional set of keys. */
export interface GatherInput {
  left: Tree;
  right: Tree;
  base: ReadonlyMap<Key, BaseRecord>;
  /** Limit the pass to these keys (see facts/limit: limitedKeys); undefined = every key either side or the base knows. */
  keys?: ReadonlySet<Key>;
  /** Folders whose listing is partial on a side (unreadable): keys under them sit this pass out, never read as deleted. */
  incomplete?: Key[];
  scopeOf: (key: Key) => string;
  opts: DeriveOptions;
}

/** gather derives the fact of every key known to either side or the base (pure). */
export function gather(input: GatherInput): Map<Key, PathFact> {
  const { left, right, base } = input;
  const blind = input.incomplete ?? [];
  const wanted = blind.length ? (key: Key) => !blind.some((d) => isUnder(key, d) && key !== d) : () => true;
  const facts = new Map<Key, PathFact>();
  const add = (key: Key) => {
    if (facts.has(key) || !wanted(key)) return;
    facts.set(key, derive(key, base.get(key), left.get(key), right.get(key), input.scopeOf(key), input.opts));
  };
  if (input.keys) for (const key of input.keys) add(key);
  else for (const keys of [left.keys(), right.keys(), base.keys()]) for (const key of keys) add(key);
  keepFoldersWithNews(facts);
  return facts;
}

/**
 * keepFoldersWithNews marks a folder deleted on one side as `modified` on the other when something inside it
 * was created or changed there since the base: the folder is then copied back (recreated) instead of removed,
 * so the new content has somewhere to land (SPEC §3: deleted vs modified).
 */
function keepFoldersWithNews(facts: Map<Key, PathFact>): void {
  for (const fact of facts.values()) {
    for (const side of SIDES) {
      const state = fact.facts[side];
      if (state !== 'created' && state !== 'modified' && state !== 'propsChanged') continue;
      const gone = other(side);
      for (let k = parentKey(fact.key); k !== ''; k = parentKey(k)) {
        const folder = facts.get(k);
        if (!folder || folder.facts[gone] !== 'deleted' || folder[side]?.type !== 'dir') continue;
        if (folder.facts[side] === 'unchanged' || folder.facts[side] === 'propsChanged') folder.facts[side] = 'modified';
      }
    }
  }
}
