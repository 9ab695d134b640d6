import type { SideRecord } from './base.js';
import type { EntryType, Stamp } from './entry.js';
import type { Key } from './key.js';
import type { Side } from './side.js';

/** The executor's operations. Policies name plan actions; plan actions expand to these. */
export type ActionKind = 'copy' | 'rename' | 'mkdir' | 'delete' | 'rmdir' | 'setProps' | 'record' | 'forget' | 'conflict' | 'restore';

interface ActionBase {
  kind: ActionKind;
  /** The key whose base record this action settles. */
  key: Key;
  /** Provenance: the policy rule that asked for it. */
  ruleId: string;
  /** Plain words for logs, dry runs and `explain`. */
  reason: string;
}

/** Copy a file's content from one side to the other, through a temp file, preserving mtime and mode. */
export interface CopyAction extends ActionBase {
  kind: 'copy';
  from: Side;
  srcRel: string;
  dstRel: string;
  size: number;
  expectSrc: Stamp;
  /** What the target must still be (null: absent). */
  expectDst: Stamp;
  /** The target's current spelling when it differs from dstRel (case or Unicode form); the result ends as dstRel. */
  dstCurrentRel?: string;
  /** Move the overwritten target to the trash first (soft delete on overwrite). */
  trashOverwritten: boolean;
  /** Carry the source's hash into the new base record. */
  hash?: string;
  /** The overwritten target lost a conflict (newerWins): its version is listed as a conflict's loser. */
  conflictLoser?: true;
}

/**
 * Write a version kept in a side's trash back over a path, on that side or the other (`syncwarden restore`),
 * through a temp file as a copy does. Missing folders on the way are created: the admin asked for this path.
 * The base is left alone, so the next pass syncs the restored file like any edit.
 */
export interface RestoreAction extends ActionBase {
  kind: 'restore';
  /** The side written. */
  side: Side;
  /** The side whose trash holds the version. */
  from: Side;
  /** The version, relative to `from`'s root (`.sync_trash/<stamp>/<path>`). */
  srcRel: string;
  /** The path written: as the side spells it now when it holds the path (its folders too), else as the version does. */
  rel: string;
  size: number;
  expectSrc: Stamp;
  /** What the target must still be (null: absent). */
  expectDst: Stamp;
  /** Keep what the target held in this run's trash (a restore is itself undoable). */
  trashOverwritten: boolean;
}

/** Rename on one side (a move, a case change, or setting an older version aside under its clash name). */
export interface RenameAction extends ActionBase {
  kind: 'rename';
  side: Side;
  fromRel: string;
  toRel: string;
  /** Key of `toRel`; the action settles both keys. */
  toKey: Key;
  expect: Stamp;
  /** The entry's content hash, kept in its new base record (a rename does not change content). */
  hash?: string;
  /**
   * Set when the rename replays a move made on the other side: the base records move with the entry (from
   * `key` to `toKey`, and for a folder every record under it), so the next pass compares against them.
   */
  move?: { carries: MoveCarry[] };
  /**
   * Set when a folder is set aside under its clash name (a type clash whose file keeps the name): everything
   * inside goes along, on this side by the rename, on the other side into `otherToRel` (created there) rather
   * than under `otherRel` (the file's path there). plan/aside rewrites the plan's paths and keys under it.
   */
  setAside?: { otherRel: string; otherToRel: string };
}

/** MoveCarry is one path inside a moved folder whose base record moves along with it. */
export interface MoveCarry {
  key: Key;
  toKey: Key;
}

/** actionKeys lists every key whose base record an action may settle. */
export function actionKeys(action: Action): Key[] {
  if (action.kind !== 'rename') return [action.key];
  const keys = [action.key, action.toKey];
  for (const c of action.move?.carries ?? []) keys.push(c.key, c.toKey);
  return keys;
}

export interface MkdirAction extends ActionBase {
  kind: 'mkdir';
  side: Side;
  rel: string;
  mode?: number;
  /**
   * The same folder's path on the other side when no action of this key touches it there (a folder inside
   * one set aside under a clash name: the rename took it along): observed too, so the base records both sides.
   */
  otherRel?: string;
}

/** Delete a file on one side, to the trash when `trash`. */
export interface DeleteAction extends ActionBase {
  kind: 'delete';
  side: Side;
  rel: string;
  expect: Stamp;
  trash: boolean;
  /** The other side's path the plan saw absent (the evidence for the delete): re-checked just before deleting. */
  absentOnOther?: string;
}

/** Remove a folder once it is empty. */
export interface RmdirAction extends ActionBase {
  kind: 'rmdir';
  side: Side;
  rel: string;
  /** As for a delete: the other side's path that must still be absent. */
  absentOnOther?: string;
}

/** Make a side's name spelling, mode and (content proven equal) mtime match the other side's. */
export interface SetPropsAction extends ActionBase {
  kind: 'setProps';
  side: Side;
  rel: string;
  toRel: string;
  mode: number;
  mtimeMs?: number;
  expect: Stamp;
  /** The entry's content hash, kept in its new base record (name, mode and mtime are not content). */
  hash?: string;
}

/** Record the path as in sync (no I/O). */
export interface RecordAction extends ActionBase {
  kind: 'record';
  /** The path as spelled on disk, for people (the key may be case-folded). */
  rel?: string;
}

/** Drop the path's base record (no I/O). */
export interface ForgetAction extends ActionBase {
  kind: 'forget';
  /** The path as last spelled on disk, for people. */
  rel?: string;
}

/** Record an open conflict; touch nothing (no I/O). */
export interface ConflictAction extends ActionBase {
  kind: 'conflict';
  /** The path as spelled on disk, for people. */
  rel?: string;
  rule: string;
  /** The option applied (`option1`…). */
  option: string;
  /** True when nothing was done and the conflict waits for a person (option 3). */
  open: boolean;
  /** Plain words of what the other actions of this path do (clash names, trash). */
  actions: string[];
}

export type Action =
  | CopyAction | RenameAction | MkdirAction | DeleteAction | RmdirAction
  | SetPropsAction | RecordAction | ForgetAction | ConflictAction | RestoreAction;

/** Observed is what an action left on one side of one key: the record as re-read from disk, or null (absent). */
export interface Observed {
  key: Key;
  side: Side;
  record: SideRecord | null;
  /** The entry's type when present (a key can change type, e.g. a clashing file set aside). */
  type?: EntryType;
}

/** ActionResult is what happened: the base is rebuilt from these, never from the plan. */
export interface ActionResult {
  action: Action;
  ok: boolean;
  /** errno or our code when !ok (`changed`: the disk no longer matched `expect`). */
  code?: string;
  message?: string;
  observed: Observed[];
  /** Where a soft-deleted or overwritten version went, relative to its root. */
  trashedTo?: string;
  bytes?: number;
  /** Tries made when more than one was needed (a locked file retried with backoff). */
  attempts?: number;
}
