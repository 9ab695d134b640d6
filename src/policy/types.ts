import type { ConflictOption, PolicyFacts } from '../model/fact.js';
import type { PlanActionName } from '../plan/action-names.js';

export type FactName = keyof PolicyFacts;
export type Operator = 'equal' | 'notEqual' | 'in' | 'notIn';

/** A leaf test on one fact; `value` is a domain value (`in`/`notIn`: a list of them). */
export interface FactCondition {
  fact: FactName;
  operator: Operator;
  value: unknown;
}

export type Condition = FactCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export type TopCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

export interface PolicyEvent {
  type: PlanActionName;
  params: Record<string, unknown>;
}

/** The conflict options a policy file may fix for its scope. */
export interface ConflictOptions {
  bothChanged: ConflictOption;
  bothCreated: 'option1' | 'option2';
  bothPropsChanged: ConflictOption;
}

export interface PolicyRule {
  name: string;
  /** `<policy file name>#<rule name>` */
  ruleId: string;
  description: string;
  priority: number;
  conditions: TopCondition;
  event: PolicyEvent;
  /** Position in the whole policy set; breaks equal-priority, equal-event matches deterministically. */
  order: number;
}

export interface PolicyFile {
  /** Absolute path. */
  file: string;
  /** File name, the first half of every ruleId. */
  name: string;
  description: string;
  /** The scope glob as written, or null (applies everywhere). */
  scope: string | null;
  conflicts: Partial<ConflictOptions>;
  /** Who decides a move out of this file's scope (see MovesOut); absent: a less specific file says. */
  movesOut?: MovesOut;
  rules: PolicyRule[];
  /** Facts some condition of this file reads: the only ones its results can depend on. */
  factsRead: ReadonlySet<FactName>;
}

/**
 * MovesOut says which scope's policies decide a move whose old path lies in this scope and whose new path does
 * not: 'target' (the scope the path moves into: the default policies) or 'source' (this scope's own).
 */
export type MovesOut = 'target' | 'source';

/** Lexicographic: literal segments, then segments other than `**`, then fewer `**` segments, then literal characters. */
export type Specificity = readonly [number, number, number, number];

/**
 * ScopeLevel is one rung of precedence: every file with one (normalised) scope. Unscoped files
 * form one level too, the least specific.
 */
export interface ScopeLevel {
  /** Normalised scope glob, or UNSCOPED. */
  id: string;
  scope: string | null;
  specificity: Specificity;
  files: PolicyFile[];
  conflicts: Partial<ConflictOptions>;
  movesOut?: MovesOut;
}

/** PolicySet is every loaded policy file, grouped into levels from most to least specific. */
export interface PolicySet {
  dir: string;
  files: PolicyFile[];
  levels: ScopeLevel[];
  caseInsensitive: boolean;
}

export const UNSCOPED = '(unscoped)';
