import type { Action, ActionResult } from '../model/action.js';

export type Counts = Record<string, number>;

const NAMES: Record<Action['kind'], string> = {
  copy: 'copies', rename: 'renames', mkdir: 'mkdirs', delete: 'deletes', rmdir: 'rmdirs',
  setProps: 'props', record: 'recorded', forget: 'forgotten', conflict: 'conflicts', restore: 'restores',
};

/** ACTION_COUNTS are the counts of actions (each kind, and failures), as opposed to a pass's reads such as hashing. */
export const ACTION_COUNTS: readonly string[] = [...Object.values(NAMES), 'failed'];

/** countActions counts planned actions by kind, plus trashed deletes and open conflicts. */
export function countActions(actions: readonly Action[]): Counts {
  const counts: Counts = {};
  const bump = (name: string) => (counts[name] = (counts[name] ?? 0) + 1);
  for (const a of actions) {
    bump(NAMES[a.kind]);
    if (a.kind === 'delete' && a.trash) bump('trashed');
    if (a.kind === 'conflict') bump(`conflict:${a.rule}`);
    if (a.kind === 'conflict' && a.open) bump('openConflicts');
  }
  return counts;
}

/** countResults counts what happened: successful actions by kind, and failures. */
export function countResults(results: readonly ActionResult[]): Counts {
  const counts = countActions(results.filter((r) => r.ok).map((r) => r.action));
  const failed = results.filter((r) => !r.ok).length;
  if (failed) counts.failed = failed;
  return counts;
}

/** hasIo tells whether an action touches a disk. */
export function hasIo(action: Action): boolean {
  return action.kind !== 'record' && action.kind !== 'forget' && action.kind !== 'conflict';
}
