import type { Action, ActionResult, Observed } from '../model/action.js';
import type { SideRecord } from '../model/base.js';
import type { Key } from '../model/key.js';
import type { Side } from '../model/side.js';
import type { FsStat } from '../ports/fs.js';

/** okResult is a settled action with what it left on disk. */
export function okResult(action: Action, observed: Observed[], extra: Partial<ActionResult> = {}): ActionResult {
  return { action, ok: true, observed, ...extra };
}

/** failResult is an action that did not happen (or was undone); the path is left for a later pass. */
export function failResult(action: Action, code: string, message: string): ActionResult {
  return { action, ok: false, code, message, observed: [] };
}

/** changedResult is the refusal when the disk no longer matches what the plan expected. */
export function changedResult(action: Action, side: Side, rel: string, what: string): ActionResult {
  return failResult(action, 'changed', `${side}:${rel} ${what}; left for the next pass`);
}

/** toRecord turns a fresh stat into the base's side record. */
export function toRecord(rel: string, stat: FsStat, hash?: string): SideRecord {
  const record: SideRecord = { rel, size: stat.size, mtimeMs: stat.mtimeMs, mode: stat.mode, ino: stat.ino };
  if (hash !== undefined) record.hash = hash;
  return record;
}

/** gone is the observation that a key holds nothing on one side. */
export function gone(key: Key, side: Side): Observed {
  return { key, side, record: null };
}

/** observe records what a fresh stat found at `rel` for a key on one side, with its type. */
export function observe(key: Key, side: Side, rel: string, stat: FsStat, hash?: string): Observed {
  const observed: Observed = { key, side, record: toRecord(rel, stat, hash) };
  if (stat.type === 'file' || stat.type === 'dir') observed.type = stat.type;
  return observed;
}

/** errorCode reads an errno code from anything thrown. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/** errorMessage reads a message from anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
