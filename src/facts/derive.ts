import type { BaseRecord, SideRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { ConflictOption, Newer, PathFact, PolicyFacts, SideState } from '../model/fact.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';

/** DeriveOptions are the settings that shape facts; built once per pass. */
export interface DeriveOptions {
  mtimeToleranceMs: number;
  /** Files above this many bytes are `isLarge`. */
  largeBytes: number;
  conflicts: { bothChanged: ConflictOption; bothCreated: 'option1' | 'option2'; bothPropsChanged: ConflictOption };
}

/** derive builds the fact for one key from what each side holds now and the base (pure). */
export function derive(key: Key, base: BaseRecord | undefined, left: Entry | undefined, right: Entry | undefined, scope: string, opts: DeriveOptions): PathFact {
  const both = left !== undefined && right !== undefined;
  const typeClash = both && left.type !== right.type;
  const leftState = sideState(left, base, 'left', opts.mtimeToleranceMs);
  const rightState = sideState(right, base, 'right', opts.mtimeToleranceMs);
  // Both sides still hold the content they held when the base recorded them equal: equal, whatever the mtimes.
  const baseProvesSame = contentKept(leftState) && contentKept(rightState);
  // One side still holds the base content and the other does not: different, whatever size and mtime suggest.
  const baseProvesDifferent = (contentKept(leftState) && rightState === 'modified') || (leftState === 'modified' && contentKept(rightState));
  const facts: PolicyFacts = {
    left: leftState,
    right: rightState,
    leftType: left?.type ?? 'none',
    rightType: right?.type ?? 'none',
    typeClash,
    sameContent: both && !typeClash && !baseProvesDifferent && (baseProvesSame || sameContent(left, right, opts.mtimeToleranceMs)),
    sameProps: both && !typeClash && sameProps(left, right, opts.mtimeToleranceMs),
    sameNameAndMode: both && !typeClash && sameNameAndMode(left, right),
    newer: both ? newer(left.mtimeMs, right.mtimeMs, opts.mtimeToleranceMs) : 'same',
    isLarge: isLarge(left, opts.largeBytes) || isLarge(right, opts.largeBytes),
    firstSync: base === undefined,
    moved: 'none',
    ...opts.conflicts,
  };
  return { key, facts, left, right, base, scope };
}

/** sideState classifies one side against the base (SPEC §2). */
export function sideState(now: Entry | undefined, base: BaseRecord | undefined, side: Side, toleranceMs: number): SideState {
  if (!now) return base ? 'deleted' : 'absent';
  if (!base) return 'created';
  const was: SideRecord = base[side];
  if (now.type !== base.type) return 'modified';
  const propsDiffer = now.rel !== was.rel || now.mode !== was.mode;
  // A folder has no content of its own: its mtime moves with its children.
  if (now.type === 'dir') return propsDiffer ? 'propsChanged' : 'unchanged';
  const mtimeSame = Math.abs(now.mtimeMs - was.mtimeMs) <= toleranceMs;
  if (now.hash !== undefined && was.hash !== undefined) {
    // Hashes decide content; an mtime-only change is a property change (its mtime is copied, not its bytes).
    if (now.hash !== was.hash || now.size !== was.size) return 'modified';
    return propsDiffer || !mtimeSame ? 'propsChanged' : 'unchanged';
  }
  if (now.size !== was.size || !mtimeSame) return 'modified';
  return propsDiffer ? 'propsChanged' : 'unchanged';
}

/** sameContent tells whether two present entries of one type hold equal content. */
export function sameContent(a: Entry, b: Entry, toleranceMs: number): boolean {
  if (a.type === 'dir') return true;
  if (a.size !== b.size) return false;
  if (a.hash !== undefined && b.hash !== undefined) return a.hash === b.hash;
  return Math.abs(a.mtimeMs - b.mtimeMs) <= toleranceMs;
}

/** sameProps tells whether two entries of one type agree on name spelling, mode and (files) mtime. */
export function sameProps(a: Entry, b: Entry, toleranceMs: number): boolean {
  if (!sameNameAndMode(a, b)) return false;
  return a.type === 'dir' || Math.abs(a.mtimeMs - b.mtimeMs) <= toleranceMs;
}

/** sameNameAndMode tells whether two entries agree on name spelling and mode. */
export function sameNameAndMode(a: Entry, b: Entry): boolean {
  return a.rel === b.rel && a.mode === b.mode;
}

/**
 * needsContentProof tells whether only reading both files can tell whether they are equal: two files of one
 * size, both changed or created since the base (or no base yet), mtimes apart beyond the tolerance, and no
 * pair of hashes that decides it already. A conflict is never called on such a pair without reading it.
 */
export function needsContentProof(fact: PathFact, toleranceMs: number): boolean {
  const { left, right } = fact;
  if (left?.type !== 'file' || right?.type !== 'file' || left.size !== right.size) return false;
  if (left.hash !== undefined && right.hash !== undefined) return false;
  const changed = (state: SideState) => state === 'modified' || state === 'created';
  return changed(fact.facts.left) && changed(fact.facts.right) && Math.abs(left.mtimeMs - right.mtimeMs) > toleranceMs;
}

function contentKept(state: SideState): boolean {
  return state === 'unchanged' || state === 'propsChanged';
}

/** newer says whose mtime is later beyond the tolerance. */
export function newer(leftMs: number, rightMs: number, toleranceMs: number): Newer {
  if (leftMs - rightMs > toleranceMs) return 'left';
  if (rightMs - leftMs > toleranceMs) return 'right';
  return 'same';
}

function isLarge(entry: Entry | undefined, largeBytes: number): boolean {
  return entry !== undefined && entry.type === 'file' && entry.size > largeBytes;
}
