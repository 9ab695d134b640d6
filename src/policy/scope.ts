import { parentKey, type Key } from '../model/key.js';
import { compareSpecificity, compileScope, matchesKey, type ScopeMatcher } from './scope-glob.js';
import type { ConflictOptions, MovesOut, PolicySet, ScopeLevel } from './types.js';

/** ScopeChain is the ordered list of levels that govern a key: most specific first, unscoped last. */
export interface ScopeChain {
  /** Stable id: the level ids joined by ` > ` (`accounts/2026/** > accounts/** > (unscoped)`). */
  id: string;
  levels: ScopeLevel[];
  /** Conflict options the chain's files fix, least specific overridden by more specific. */
  overrides: Partial<ConflictOptions>;
  /** Set when two levels of the chain are equally specific: no level can be said to win. */
  tie: string | null;
  /** Who decides a move out of this chain's paths: the most specific level that says (none: 'target'). */
  movesOut: MovesOut;
}

interface FolderScopes {
  /** Subtree levels matched by the folder or an ancestor: they govern everything inside. */
  inherited: number[];
  /** Scoped levels still to test against each key in the folder. */
  pending: number[];
  chain: ScopeChain;
}

/**
 * ScopeIndex answers "which scope chain governs this key" for every key of a pass, caching by parent
 * folder so 90k keys cost about one glob test per folder plus one per key for the scopes still pending.
 */
export class ScopeIndex {
  readonly #levels: ScopeLevel[];
  readonly #matchers: (ScopeMatcher | null)[];
  readonly #folders = new Map<Key, FolderScopes>();
  readonly #chains = new Map<string, ScopeChain>();

  constructor(set: PolicySet) {
    this.#levels = set.levels;
    this.#matchers = set.levels.map((level) => (level.scope === null ? null : compileScope(level.id, set.caseInsensitive)));
  }

  /** chainOf returns the chain of levels whose scopes match the key. */
  chainOf(key: Key): ScopeChain {
    const folder = this.#folder(parentKey(key));
    let extra: number[] | undefined;
    for (const i of folder.pending) if (this.#matchers[i]!.test(key)) (extra ??= []).push(i);
    return extra ? this.chainOfLevels([...folder.inherited, ...extra]) : folder.chain;
  }

  /** folderChain is the chain of every key directly inside `folder` when no scope still tests the keys' own names there, else null (ask chainOf per key). */
  folderChain(folder: Key): ScopeChain | null {
    const found = this.#folder(folder);
    return found.pending.length === 0 ? found.chain : null;
  }

  /** chainOfLevels builds (once) the chain made of the given scoped levels (by index) plus the unscoped level. */
  chainOfLevels(indices: readonly number[]): ScopeChain {
    const scoped = [...new Set(indices)].filter((i) => this.#matchers[i]).sort((a, b) => a - b);
    const all = [...scoped, ...this.#levels.flatMap((level, i) => (level.scope === null ? [i] : []))];
    const levels = all.map((i) => this.#levels[i]);
    const id = levels.length ? levels.map((level) => level.id).join(' > ') : '(none)';
    let chain = this.#chains.get(id);
    if (!chain) {
      chain = { id, levels, overrides: overridesOf(levels), tie: tieOf(levels), movesOut: levels.find((level) => level.movesOut !== undefined)?.movesOut ?? 'target' };
      this.#chains.set(id, chain);
    }
    return chain;
  }

  /** matcher returns the compiled glob of a scoped level (null for the unscoped level). */
  matcher(index: number): ScopeMatcher | null {
    return this.#matchers[index];
  }

  #folder(folder: Key): FolderScopes {
    let found = this.#folders.get(folder);
    if (found) return found;
    if (folder === '') {
      const inherited = this.#indices((m) => m.all);
      const pending = this.#indices((m) => !m.all);
      found = { inherited, pending, chain: this.chainOfLevels(inherited) };
    } else {
      const up = this.#folder(parentKey(folder));
      const entered = up.pending.filter((i) => this.#matchers[i]!.subtree && this.#matchers[i]!.test(folder));
      found = entered.length === 0 ? up : {
        inherited: [...up.inherited, ...entered],
        pending: up.pending.filter((i) => !entered.includes(i)),
        chain: this.chainOfLevels([...up.inherited, ...entered]),
      };
    }
    this.#folders.set(folder, found);
    return found;
  }

  #indices(test: (m: ScopeMatcher) => boolean): number[] {
    return this.#matchers.flatMap((m, i) => (m && test(m) ? [i] : []));
  }
}

/** levelsMatching lists the ids of the levels governing a key, without any cache (a reference for tests). */
export function levelsMatching(set: PolicySet, key: Key): string[] {
  return set.levels
    .filter((level) => level.scope === null || matchesKey(compileScope(level.id, set.caseInsensitive), key))
    .map((level) => level.id);
}

function overridesOf(levels: ScopeLevel[]): Partial<ConflictOptions> {
  const out: Partial<ConflictOptions> = {};
  for (let i = levels.length - 1; i >= 0; i--) Object.assign(out, levels[i].conflicts);
  return out;
}

function tieOf(levels: ScopeLevel[]): string | null {
  for (let i = 1; i < levels.length; i++) {
    if (compareSpecificity(levels[i - 1].specificity, levels[i].specificity) === 0) {
      return `scopes "${levels[i - 1].id}" and "${levels[i].id}" are equally specific`;
    }
  }
  return null;
}
