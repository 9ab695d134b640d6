import type { PlanActionName } from '../action-names.js';
import { keepBoth, newerWins, openConflict, typeClash } from './conflicts.js';
import type { Expand } from './context.js';
import { move } from './move.js';
import { copy, forget, inSync, remove, syncProps } from './simple.js';

/** EXPANSIONS is the registry: every plan action a policy may name, and how it becomes executor actions. */
export const EXPANSIONS: Record<PlanActionName, Expand> = {
  inSync, copy, delete: remove, forget, syncProps, keepBoth, newerWins, openConflict, typeClash, move,
};
