import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import { newer, sameNameAndMode, sameProps, sideState, type DeriveOptions } from './derive.js';

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
  readonly #base: ReadonlyMap<Key, BaseRecord> & { peek?: (key: Key) => BaseRecord | undefined };
  readonly #keep: (key: Key) => boolean;
  /** true: proven nothing to do; false: the policy decides otherwise (built as any other fact). */
  readonly #known: Map<string, boolean>;
  /** Combinations met this pass whose probe is not decided yet: the probe's key and the keys waiting on it. */
  readonly #pending = new Map<string, { probe: Key; waiting: number }>();
  /** How many paths were left out (for the report and tests: a count, never a time). */
  skipped = 0;

  constructor(input: { base: ReadonlyMap<Key, BaseRecord>; opts: DeriveOptions; scopeOf: (key: Key) => string; keep?: (key: Key) => boolean; known: Map<string, boolean> }) {
    this.#base = input.base;
    this.#opts = input.opts;
    this.#scopeOf = input.scopeOf;
    this.#keep = input.keep ?? (() => false);
    this.#known = input.known;
  }

  /** test tells gather to leave this key out (true); false builds its fact (a changed path, or a probe). */
  test(key: Key, left: Entry, right: Entry): boolean {
    const code = this.#code(key, left, right);
    if (code === null) return false;
    const known = this.#known.get(code);
    if (known !== undefined) {
      if (known) this.skipped++;
      return known;
    }
    const pending = this.#pending.get(code);
    if (!pending) {
      this.#pending.set(code, { probe: key, waiting: 0 });
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

  // The combination of a path unchanged on both sides since the base (without a new hash to record), or null.
  #code(key: Key, left: Entry, right: Entry): string | null {
    if (this.#keep(key)) return null;
    const base = this.#base.peek ? this.#base.peek(key) : this.#base.get(key);
    if (!base) return null;
    const tol = this.#opts.mtimeToleranceMs;
    if (sideState(left, base, 'left', tol) !== 'unchanged' || sideState(right, base, 'right', tol) !== 'unchanged') return null;
    // A hash this pass computed that the base lacks is recorded (plan/expand inSync): such a path is built.
    if (freshHash(left, base.left) || freshHash(right, base.right)) return null;
    const large = left.type === 'file' && (left.size > this.#opts.largeBytes || right.size > this.#opts.largeBytes);
    const bits = `${left.type === 'dir' ? 'd' : 'f'}${+sameProps(left, right, tol)}${+sameNameAndMode(left, right)}${newer(left.mtimeMs, right.mtimeMs, tol)[0]}${+large}`;
    return `${bits}:${this.#scopeOf(key)}`;
  }
}

function freshHash(now: Entry, was: SideRecord): boolean {
  return now.hash !== undefined && (was.hash !== now.hash || was.size !== now.size || was.mtimeMs !== now.mtimeMs);
}
