/**
 * PLAN_ACTIONS is the closed set of action names a policy event may use (`event.type`), with the
 * params each takes. The planner's registry (plan/expand) implements exactly these.
 */
export const PLAN_ACTIONS = {
  inSync: { params: [], doc: 'Record the path as in sync; touch nothing.' },
  copy: { params: ['from', 'trashOverwritten?'], doc: "Copy from's version (file or folder) to the other side, creating or overwriting (the old version to the trash as trashOverwritten says)." },
  delete: { params: ['on', 'trash?'], doc: "Delete the path on side `on` (a file to the trash as trash says: 'soft', the default, follows softDelete)." },
  forget: { params: [], doc: 'Drop the base record; touch nothing.' },
  syncProps: { params: ['from', 'mtime?', 'tie?'], doc: "Apply from's name spelling and mode to the other side, and the mtime of `mtime` (default from) to both." },
  keepBoth: { params: ['winner', 'tie?'], doc: 'Winner keeps the name on both sides; the other version is saved as a clash file on both sides.' },
  newerWins: { params: ['winner', 'tie?', 'trashOverwritten?'], doc: "Winner's content and name go to both sides; the other version goes to its own side's trash as trashOverwritten says." },
  openConflict: { params: [], doc: 'Record an open conflict; touch nothing until it is settled.' },
  typeClash: { params: ['keepName'], doc: "File on one side, folder on the other: the one keepName names keeps the name, the other gets a clash name; both end on both sides." },
  move: { params: ['from', 'trashOverwritten?'], doc: "Replay from's move (a file or a whole folder renamed or moved) as a rename on the other side." },
} as const;

export type PlanActionName = keyof typeof PLAN_ACTIONS;

/** Param values: `from`, `on`: 'left' | 'right'; `winner`, `mtime`: 'left' | 'right' | 'newer'; `tie`: 'left' | 'right' (the side `newer` means when `newer` is 'same'; required with `newer`); `trash`, `trashOverwritten`: 'soft' (follow softDelete: enabled, maxSizeMB and, for an overwrite, onOverwrite), true (always to the trash) or false (never); `keepName` (typeClash): 'folder' | 'file' | 'left' | 'right', who keeps the name (the other is set aside under a clash name, a folder with everything in it); `conflict`: the conflict rule name for conflict decisions. */
export const PLAN_PARAM_VALUES = {
  from: ['left', 'right'],
  on: ['left', 'right'],
  winner: ['left', 'right', 'newer'],
  mtime: ['left', 'right', 'newer'],
  tie: ['left', 'right'],
  trash: ['soft', true, false],
  trashOverwritten: ['soft', true, false],
  keepName: ['folder', 'file', 'left', 'right'],
  conflict: ['bothChanged', 'bothCreated', 'bothPropsChanged', 'typeClash'],
} as const;
