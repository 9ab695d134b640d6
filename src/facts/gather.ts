import type { BaseRecord } from '../model/base.js';
import type { Tree } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, parentKey, type Key } from '../model/key.js';
import { other, SIDES } from '../model/side.js';
import { derive, type DeriveOptions } from './derive.js';
import type { UnchangedSkip } from './unchanged.js';

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
  /** Leave out the paths unchanged on both sides that the policy proves need nothing (see facts/unchanged). */
  skip?: UnchangedSkip;
}

/** gather derives the fact of every key known to either side or the base (pure). */
export function gather(input: GatherInput): Map<Key, PathFact> {
  const { left, right, base } = input;
  const blind = input.incomplete ?? [];
  const wanted = blind.length ? (key: Key) => !blind.some((d) => isUnder(key, d) && key !== d) : () => true;
  const facts = new Map<Key, PathFact>();
  const skip = input.skip;
  // How many keys of the left and right loops the base holds: when that is all of it, the base loop finds nothing.
  let inBase = 0;
  const add = (key: Key) => {
    if (!wanted(key)) return;
    // Unchanged paths are tested on the listings' and the base's columns first: no entry or record is built for them.
    const quick = skip?.testListed(key, left, right);
    if (quick === true) {
      inBase++;
      return;
    }
    const l = left.get(key);
    const r = right.get(key);
    if (quick === undefined && skip && l && r && skip.test(key, l, r)) {
      inBase++;
      return;
    }
    const b = base.get(key);
    if (b !== undefined) inBase++;
    facts.set(key, derive(key, b, l, r, input.scopeOf(key), input.opts));
  };
  if (input.keys) {
    for (const key of input.keys) add(key);
  } else {
    // Each key once, in the order left, right, base (a key on both sides is met first on the left).
    for (const key of left.keys()) add(key);
    for (const key of right.keys()) if (!left.has(key)) add(key);
    // The base's order is not the listings' (a lookup per key would build their hash indexes: scan/scan-tree).
    if (inBase < base.size) for (const key of base.keys()) if (!left.has(key) && !right.has(key)) add(key);
  }
  markChangedInside(facts);
  return facts;
}

/**
 * markChangedInside sets `changedInside` on a folder deleted on one side when something inside it was created
 * or changed on the other since the base; the policies decide what that means (SPEC §3: deleted vs modified).
 */
function markChangedInside(facts: Map<Key, PathFact>): void {
  for (const fact of facts.values()) {
    for (const side of SIDES) {
      const state = fact.facts[side];
      if (state !== 'created' && state !== 'modified' && state !== 'propsChanged') continue;
      const gone = other(side);
      for (let k = parentKey(fact.key); k !== ''; k = parentKey(k)) {
        const folder = facts.get(k);
        if (folder && folder.facts[gone] === 'deleted' && folder[side]?.type === 'dir') folder.facts.changedInside = true;
      }
    }
  }
}
