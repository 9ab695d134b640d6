import type { BaseRecord } from '../model/base.js';
import type { Tree } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { isUnder, parentKey, type Key } from '../model/key.js';
import { other, SIDES } from '../model/side.js';
import { derive, type DeriveOptions } from './derive.js';
import { alignedPass, alignedUsable, type AlignedOutcome, type BaseTree, type Visit } from './aligned.js';
import type { UnchangedSkip } from './unchanged.js';
import { listedOf } from '../scan/scan-tree.js';

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
  /**
   * With `skip`, what lets the pass pair rows by tree position instead of keys (facts/aligned): the scope of the
   * paths directly in a folder when their names cannot change it, and every key `skip` keeps (open conflicts).
   */
  aligned?: { scopeOfFolder: (folder: Key) => string | null; kept: Iterable<Key> };
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
  let looked = 0;
  const outcome = input.keys ? null : pairedByRows(input, wanted, facts, () => looked++);
  if (outcome) {
    inBase = outcome.inBase + looked;
    if (!outcome.baseDone && inBase < base.size) for (const key of base.keys()) if (!left.has(key) && !right.has(key)) add(key);
  } else if (input.keys) {
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
 * pairedByRows runs the pass over rows paired by tree position (facts/aligned) when both listings and the base
 * keep rows and the skip is asked for: only the paths it does not leave out get a key and a fact. Null: go by keys.
 */
function pairedByRows(input: GatherInput, wanted: (key: Key) => boolean, facts: Map<Key, PathFact>, foundByKey: () => void): AlignedOutcome | null {
  const { skip, aligned } = input;
  const left = listedOf(input.left);
  const right = listedOf(input.right);
  const base = input.base as ReadonlyMap<Key, BaseRecord> & Partial<BaseTree>;
  if (!skip || !aligned || !left || !right || !alignedUsable(left, right, base)) return null;
  return alignedPass({
    left, right, base, blind: new Set(input.incomplete ?? []), keptFolders: foldersOf(aligned.kept), scopeOfFolder: aligned.scopeOfFolder,
    unchanged: (lr, rr, br, spelled, scope, keyOf) => skip.testAligned(left, lr, right, rr, base, br, spelled, scope, keyOf),
    visit: (v: Visit) => {
      if (!wanted(v.key)) return;
      const b = v.base === null ? base.get(v.key) : v.base;
      if (v.base === null && b !== undefined) foundByKey();
      if (!v.tested && v.left && v.right && b && skip.testWith(v.key, v.left, v.right, b)) return;
      facts.set(v.key, derive(v.key, b, v.left, v.right, input.scopeOf(v.key), input.opts));
    },
  });
}

/** foldersOf is the folders (by key, '' the top level) holding the given keys. */
function foldersOf(keys: Iterable<Key>): Set<Key> {
  const out = new Set<Key>();
  for (const key of keys) out.add(parentKey(key));
  return out;
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
