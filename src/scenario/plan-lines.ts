import type { Action } from '../model/action.js';
import { formatTime } from './time.js';

/**
 * planLine renders an action as one stable line for a golden plan: the kind, the side, the paths and what
 * changes the outcome (trash, mode, mtime). Sizes, rule ids and reasons stay out, so rewording a policy
 * or its reason does not churn every scenario.
 */
export function planLine(action: Action): string {
  switch (action.kind) {
    case 'copy': {
      const to = action.from === 'left' ? 'right' : 'left';
      const target = action.dstRel !== action.srcRel ? ` as ${action.dstRel}` : '';
      const over = action.dstCurrentRel ? ` over ${action.dstCurrentRel}` : '';
      return `copy ${action.from}->${to} ${action.srcRel}${target}${over}${action.trashOverwritten ? ' (old to trash)' : ''}`;
    }
    case 'rename': return `rename ${action.side} ${action.fromRel} -> ${action.toRel}`;
    case 'mkdir': return `mkdir ${action.side} ${action.rel}`;
    case 'delete': return `delete ${action.side} ${action.rel}${action.trash ? ' (to trash)' : ''}`;
    case 'rmdir': return `rmdir ${action.side} ${action.rel}`;
    case 'setProps': {
      const name = action.toRel !== action.rel ? ` -> ${action.toRel}` : '';
      const mtime = action.mtimeMs !== undefined ? ` mtime ${formatTime(action.mtimeMs)}` : '';
      return `props ${action.side} ${action.rel}${name} mode ${action.mode.toString(8)}${mtime}`;
    }
    case 'record': return `record ${action.key}`;
    case 'forget': return `forget ${action.key}`;
    case 'conflict': return `conflict ${action.rule} ${action.option}${action.open ? ' open' : ''} ${action.key}`;
    case 'restore': return `restore ${action.side} ${action.rel} from ${action.from} ${action.srcRel}${action.trashOverwritten ? ' (old to trash)' : ''}`;
  }
}

/** planLines renders a plan as sorted lines: the order of phases is the unit tests' business, not the goldens'. */
export function planLines(actions: readonly Action[]): string[] {
  return actions.map(planLine).sort();
}

/** isFollowUpNoop tells whether an action may appear in the pass after a scenario: only an open conflict, re-recorded. */
export function isFollowUpNoop(action: Action): boolean {
  return action.kind === 'conflict' && action.open;
}
