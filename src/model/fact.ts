import type { BaseRecord } from './base.js';
import type { Entry } from './entry.js';
import type { Key } from './key.js';

/** How one side stands against the base (SPEC §2). */
export type SideState = 'absent' | 'created' | 'unchanged' | 'modified' | 'propsChanged' | 'deleted';
export const SIDE_STATES: readonly SideState[] = ['absent', 'created', 'unchanged', 'modified', 'propsChanged', 'deleted'];

export type Newer = 'left' | 'right' | 'same';
export type FactType = 'file' | 'dir' | 'none';
export type ConflictOption = 'option1' | 'option2' | 'option3';

/**
 * PolicyFacts is the small, categorical part of a path's fact: the only input the policies see.
 * Keeping it categorical lets evaluation be memoised by its canonical string (90k paths → a few dozen engine runs).
 */
export interface PolicyFacts {
  left: SideState;
  right: SideState;
  leftType: FactType;
  rightType: FactType;
  /** Both present, one a file and the other a folder. */
  typeClash: boolean;
  /**
   * Both present, same type, equal content: both unchanged in content since the base, or equal hashes, or size +
   * mtime within tolerance. Never true when one side kept the base content and the other is `modified`.
   */
  sameContent: boolean;
  /** Both present with the same name spelling, the same mode and (files) mtimes within the tolerance. */
  sameProps: boolean;
  /** Both present, one type, with the same name spelling and mode (mtimes aside): with !sameProps, only the mtimes differ. */
  sameNameAndMode: boolean;
  /** Which side's mtime is later, beyond the tolerance; `same` when within it or one is absent. */
  newer: Newer;
  /** A present file is larger than `softDelete.maxSizeMB`. */
  isLarge: boolean;
  /** No base record for this path. */
  firstSync: boolean;
  /**
   * A folder deleted on one side while something inside it was created or changed on the other since the
   * last sync (the default policies copy the folder back rather than delete it: the news needs a home).
   */
  changedInside: boolean;
  /** Moved here from another path on one side (filled by move detection; `none` until then). */
  moved: 'none' | 'left' | 'right';
  /** Conflict options in force for this path (config, overridden by the scope's policy file). */
  bothChanged: ConflictOption;
  bothCreated: Exclude<ConflictOption, 'option3'>;
  bothPropsChanged: ConflictOption;
}

/** FACT_NAMES is the closed list of facts a policy condition may name. */
export const FACT_NAMES: readonly (keyof PolicyFacts)[] = [
  'left', 'right', 'leftType', 'rightType', 'typeClash', 'sameContent', 'sameProps', 'sameNameAndMode', 'newer',
  'isLarge', 'firstSync', 'changedInside', 'moved', 'bothChanged', 'bothCreated', 'bothPropsChanged',
];

/** PathFact is everything known about one key: the categorical facts plus the raw entries for planning. */
export interface PathFact {
  key: Key;
  facts: PolicyFacts;
  left?: Entry;
  right?: Entry;
  base?: BaseRecord;
  /** Id of the policy scope chain that governs this path (see policy/scope). */
  scope: string;
  /** For a move: the key the entry came from, and the paths under a moved folder that move along. */
  movedFrom?: Key;
  carries?: { key: Key; toKey: Key }[];
  /**
   * The path this entry had before a move on one side (a moved entry, or a path inside a moved folder). The
   * policies say whose scope decides it: the old path's when its chain says `movesOut: 'source'`.
   */
  cameFrom?: Key;
}
