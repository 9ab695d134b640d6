import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Entry, Tree } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import { listedOf, type ListedTree } from '../scan/scan-tree.js';
import { newer, sameNameAndMode, sameProps, sideState, type DeriveOptions } from './derive.js';

/** Bits of testAligned's `spelled`: the left spelling is the base's left one, the right the base's right one, left and right are one spelling. */
export const SPELLED_LEFT = 1;
export const SPELLED_RIGHT = 2;
export const SPELLED_SAME = 4;

/** BaseRows is what the state's base (state/base-map) offers to read a record's fields without building it. */
export interface BaseRows {
  rowOf(key: Key): number;
  isDirAt(row: number): boolean;
  relAt(row: number, side: Side): string;
  sizeAt(row: number, side: Side): number;
  mtimeAt(row: number, side: Side): number;
  modeAt(row: number, side: Side): number;
}

type Base = ReadonlyMap<Key, BaseRecord> & { peek?: (key: Key) => BaseRecord | undefined } & Partial<BaseRows>;

/**
 * UnchangedSkip lets gather leave out the paths that hold on both sides what the base recorded, when the policy
 * provably decides that kind of path as nothing to do: at 90,000 paths and a handful of changes, building and
 * deciding a fact for every unchanged path was most of a pass. The facts of such a path depend only on its
 * scope chain, its type and four comparisons of the two entries (sameProps, sameNameAndMode, newer, isLarge),
 * so one fact per distinct combination (the probe) is built and decided by the engine; the others wait and are
 * left out once the probe is proven, or built as any other fact when it is not (see settle).
 * Proven combinations are kept per decider, so a long-running caller probes each combination once.
 */
export class UnchangedSkip {
  readonly #opts: DeriveOptions;
  readonly #scopeOf: (key: Key) => string;
  readonly #base: Base;
  readonly #rows: BaseRows | null;
  readonly #keep: (key: Key) => boolean;
  /** true: proven nothing to do; false: the policy decides otherwise (built as any other fact). */
  readonly #known: Map<string, boolean>;
  /** Combinations met this pass whose probe is not decided yet: the probe's key and the keys waiting on it. */
  readonly #pending = new Map<string, { probe: Key; waiting: number }>();
  /** Combination codes by scope id, indexed as testAligned packs a combination. */
  readonly #codes = new Map<string, string[]>();
  /** How many paths were left out (for the report and tests: a count, never a time). */
  skipped = 0;

  constructor(input: { base: ReadonlyMap<Key, BaseRecord>; opts: DeriveOptions; scopeOf: (key: Key) => string; keep?: (key: Key) => boolean; known: Map<string, boolean> }) {
    this.#base = input.base;
    this.#rows = typeof (input.base as Base).rowOf === 'function' ? (input.base as Base as BaseRows) : null;
    this.#opts = input.opts;
    this.#scopeOf = input.scopeOf;
    this.#keep = input.keep ?? (() => false);
    this.#known = input.known;
  }

  /** test tells gather to leave this key out (true); false builds its fact (a changed path, or a probe). */
  test(key: Key, left: Entry, right: Entry): boolean {
    return this.#decide(key, this.#code(key, left, right));
  }

  /**
   * testListed answers as test for a key still unread in both listings and the base (scan/scan-tree,
   * state/base-map), from their columns, without building an entry or a record: the no-change pass meets
   * 90,000 of those. undefined: some of them is an object (or absent); read the entries and call test.
   */
  testListed(key: Key, left: Tree, right: Tree): boolean | undefined {
    const rows = this.#rows;
    if (rows === null) return undefined;
    const l = listedOf(left);
    const r = listedOf(right);
    if (l === null || r === null) return undefined;
    const lr = l.rowOf(key);
    if (lr < 0) return undefined;
    const rr = r.rowOf(key);
    if (rr < 0) return undefined;
    const br = rows.rowOf(key);
    if (br < 0) return undefined;
    return this.#decide(key, this.#rowCode(key, l, lr, r, rr, rows, br));
  }

  /** testWith is test given the key's base record (read by row: no lookup by key). */
  testWith(key: Key, left: Entry, right: Entry, base: BaseRecord): boolean {
    return this.#decide(key, this.#code(key, left, right, base));
  }

  /**
   * testAligned answers as testListed for a path whose three rows gather paired by tree position (facts/aligned):
   * each live, the same key on all three. `spelled` says which spellings are equal (SPELLED_*), as the pairing
   * learnt them segment by segment, so no path is built; `scope` is the path's scope id when its folder's tells
   * it; `keyOf` builds the key, needed only for a combination's probe (or the scope). The caller has checked keep().
   */
  testAligned(l: ListedTree, lr: number, r: ListedTree, rr: number, base: Omit<BaseRows, 'rowOf' | 'relAt'>, br: number, spelled: number, scope: string | null, keyOf: () => Key): boolean {
    const dir = base.isDirAt(br);
    if (l.isDirAt(lr) !== dir || r.isDirAt(rr) !== dir) return false;
    if ((spelled & SPELLED_LEFT) === 0 || (spelled & SPELLED_RIGHT) === 0) return false;
    const lmode = l.modeAt(lr);
    const rmode = r.modeAt(rr);
    if (lmode !== base.modeAt(br, 'left') || rmode !== base.modeAt(br, 'right')) return false;
    const tol = this.#opts.mtimeToleranceMs;
    const lm = l.mtimeAt(lr);
    const rm = r.mtimeAt(rr);
    const ls = l.sizeAt(lr);
    const rs = r.sizeAt(rr);
    if (!dir) {
      if (ls !== base.sizeAt(br, 'left') || Math.abs(lm - base.mtimeAt(br, 'left')) > tol) return false;
      if (rs !== base.sizeAt(br, 'right') || Math.abs(rm - base.mtimeAt(br, 'right')) > tol) return false;
    }
    const nameAndMode = (spelled & SPELLED_SAME) !== 0 && lmode === rmode;
    const props = nameAndMode && (dir || Math.abs(lm - rm) <= tol);
    const large = !dir && (ls > this.#opts.largeBytes || rs > this.#opts.largeBytes);
    const newerSide = newer(lm, rm, tol);
    if (scope === null) return this.#decide(keyOf, this.#codeOf(keyOf(), dir, props, nameAndMode, newerSide, large));
    // One code string per combination and scope, made once: 90,000 paths share a handful.
    let codes = this.#codes.get(scope);
    if (!codes) this.#codes.set(scope, (codes = []));
    const i = (+dir) | (+props << 1) | (+nameAndMode << 2) | (+large << 3) | ((newerSide === 'left' ? 0 : newerSide === 'right' ? 1 : 2) << 4);
    const code = (codes[i] ??= `${dir ? 'd' : 'f'}${+props}${+nameAndMode}${newerSide[0]}${+large}:${scope}`);
    return this.#decide(keyOf, code);
  }

  #decide(keyOrBuild: Key | (() => Key), code: string | null): boolean {
    if (code === null) return false;
    const known = this.#known.get(code);
    if (known !== undefined) {
      if (known) this.skipped++;
      return known;
    }
    const pending = this.#pending.get(code);
    if (!pending) {
      this.#pending.set(code, { probe: typeof keyOrBuild === 'string' ? keyOrBuild : keyOrBuild(), waiting: 0 });
      return false;
    }
    pending.waiting++;
    this.skipped++;
    return true;
  }

  /**
   * settle decides each new combination's probe through `proveNothing` (the engine and the planner) and drops
   * the proven probes from `facts`. Returns true when some keys waited on a probe that was not proven: the
   * caller gathers again, and this time they are built (their combination is now known as not proven).
   */
  async settle(facts: Map<Key, PathFact>, proveNothing: (probe: PathFact) => Promise<boolean>): Promise<boolean> {
    let again = false;
    for (const [code, { probe, waiting }] of this.#pending) {
      const fact = facts.get(probe);
      const proven = fact !== undefined && (await proveNothing(fact));
      this.#known.set(code, proven);
      if (proven) {
        facts.delete(probe);
        this.skipped++;
      } else if (waiting > 0) again = true;
    }
    this.#pending.clear();
    if (again) this.skipped = 0;
    return again;
  }

  // As #code, from columns: a listed row has no hash (hashing reads entries into objects), so sideState compares
  // type, spelling, mode and, for a file, size and mtime; freshHash is false.
  #rowCode(key: Key, l: ListedTree, lr: number, r: ListedTree, rr: number, base: BaseRows, br: number): string | null {
    if (this.#keep(key)) return null;
    const dir = base.isDirAt(br);
    if (l.isDirAt(lr) !== dir || r.isDirAt(rr) !== dir) return null;
    const tol = this.#opts.mtimeToleranceMs;
    const lrel = l.relAt(lr);
    const rrel = r.relAt(rr);
    const lmode = l.modeAt(lr);
    const rmode = r.modeAt(rr);
    if (lrel !== base.relAt(br, 'left') || lmode !== base.modeAt(br, 'left')) return null;
    if (rrel !== base.relAt(br, 'right') || rmode !== base.modeAt(br, 'right')) return null;
    const lm = l.mtimeAt(lr);
    const rm = r.mtimeAt(rr);
    const ls = l.sizeAt(lr);
    const rs = r.sizeAt(rr);
    if (!dir) {
      if (ls !== base.sizeAt(br, 'left') || Math.abs(lm - base.mtimeAt(br, 'left')) > tol) return null;
      if (rs !== base.sizeAt(br, 'right') || Math.abs(rm - base.mtimeAt(br, 'right')) > tol) return null;
    }
    const nameAndMode = lrel === rrel && lmode === rmode;
    const props = nameAndMode && (dir || Math.abs(lm - rm) <= tol);
    const large = !dir && (ls > this.#opts.largeBytes || rs > this.#opts.largeBytes);
    return this.#codeOf(key, dir, props, nameAndMode, newer(lm, rm, tol), large);
  }

  #codeOf(key: Key, dir: boolean, props: boolean, nameAndMode: boolean, newerSide: string, large: boolean): string {
    return `${dir ? 'd' : 'f'}${+props}${+nameAndMode}${newerSide[0]}${+large}:${this.#scopeOf(key)}`;
  }

  // The combination of a path unchanged on both sides since the base (without a new hash to record), or null.
  #code(key: Key, left: Entry, right: Entry, known?: BaseRecord): string | null {
    if (this.#keep(key)) return null;
    const base = known ?? (this.#base.peek ? this.#base.peek(key) : this.#base.get(key));
    if (!base) return null;
    const tol = this.#opts.mtimeToleranceMs;
    if (sideState(left, base, 'left', tol) !== 'unchanged' || sideState(right, base, 'right', tol) !== 'unchanged') return null;
    // A hash this pass computed that the base lacks is recorded (plan/expand inSync): such a path is built.
    if (freshHash(left, base.left) || freshHash(right, base.right)) return null;
    const large = left.type === 'file' && (left.size > this.#opts.largeBytes || right.size > this.#opts.largeBytes);
    return this.#codeOf(key, left.type === 'dir', sameProps(left, right, tol), sameNameAndMode(left, right), newer(left.mtimeMs, right.mtimeMs, tol), large);
  }
}

function freshHash(now: Entry, was: SideRecord): boolean {
  return now.hash !== undefined && (was.hash !== now.hash || was.size !== now.size || was.mtimeMs !== now.mtimeMs);
}
