import type { Action, ActionKind } from '../model/action.js';
import { depth } from '../model/key.js';

/** PHASE gives each action kind its place in SPEC §4's order; actions without I/O come first. */
export const PHASE: Record<ActionKind, number> = {
  record: 0, forget: 0, conflict: 0,
  rename: 1, setProps: 1,
  mkdir: 2,
  copy: 3, restore: 3,
  delete: 4,
  rmdir: 5,
};

function relOf(action: Action): string {
  switch (action.kind) {
    case 'rename': return action.fromRel;
    case 'copy': return action.dstRel;
    case 'restore': return action.rel;
    case 'mkdir': case 'delete': case 'rmdir': case 'setProps': return action.rel;
    default: return action.key;
  }
}

/**
 * orderActions sorts a plan: renames, moves and case changes shallowest first (a moved folder before what it
 * carries, a respelled folder before its children, whose paths already use its new spelling: plan/respell),
 * folders parents first, copies smallest first, file deletes, then folders deepest first.
 */
export function orderActions(actions: Action[]): Action[] {
  const sortKey = (action: Action): number => {
    switch (action.kind) {
      // A moved or respelled folder goes before anything inside it.
      case 'rename': case 'setProps': return depth(relOf(action));
      case 'rmdir': return -depth(relOf(action));
      case 'mkdir': return depth(relOf(action));
      case 'copy': return action.size;
      default: return 0;
    }
  };
  const keyed = actions.map((action, index) => ({ action, index, phase: PHASE[action.kind], sort: sortKey(action) }));
  keyed.sort((a, b) => a.phase - b.phase || a.sort - b.sort || a.index - b.index);
  return keyed.map((k) => k.action);
}
