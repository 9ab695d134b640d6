import type { Action, ActionKind } from '../model/action.js';

/** The executor's barriers, in SPEC §4 order; a plan may repeat one (a phase is a run of one group). */
export type PhaseName = 'rename' | 'mkdir' | 'copy' | 'delete' | 'rmdir';

const PHASE_OF: Record<ActionKind, PhaseName | null> = {
  rename: 'rename',
  setProps: 'rename',
  mkdir: 'mkdir',
  copy: 'copy',
  restore: 'copy',
  delete: 'delete',
  rmdir: 'rmdir',
  record: null,
  forget: null,
  conflict: null,
};

/** Phase is a run of consecutive actions of one group, as indexes into the plan. */
export interface Phase {
  name: PhaseName;
  indexes: number[];
}

/**
 * splitPhases cuts the planner's ordered list into phases. Actions without I/O (record, forget,
 * conflict) belong to no phase and do not cut one: they settle up front.
 */
export function splitPhases(actions: readonly Action[]): { phases: Phase[]; noIo: number[] } {
  const phases: Phase[] = [];
  const noIo: number[] = [];
  actions.forEach((action, i) => {
    const name = PHASE_OF[action.kind];
    if (name === null) return void noIo.push(i);
    const last = phases.at(-1);
    if (last?.name === name) last.indexes.push(i);
    else phases.push({ name, indexes: [i] });
  });
  return { phases, noIo };
}
