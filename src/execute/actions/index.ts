import type { Action, ActionKind } from '../../model/action.js';
import { okResult } from '../results.js';
import type { Handler } from '../types.js';
import { copy } from './copy.js';
import { remove } from './delete.js';
import { mkdir } from './mkdir.js';
import { rename } from './rename.js';
import { restore } from './restore.js';
import { rmdir } from './rmdir.js';
import { setProps } from './set-props.js';

/** Record, forget and conflict settle in the base only; the disk is not touched. */
const noIo: Handler = async (action) => okResult(action, []);

type Registry = { [K in ActionKind]: Handler<Extract<Action, { kind: K }>> };

/** HANDLERS is the registry: one handler per action kind, and nothing the plan can name is missing. */
export const HANDLERS: Registry = {
  copy,
  rename,
  mkdir,
  delete: remove,
  rmdir,
  setProps,
  restore,
  record: noIo,
  forget: noIo,
  conflict: noIo,
};

/** handlerFor looks up the handler of an action's kind. */
export function handlerFor(action: Action): Handler {
  return HANDLERS[action.kind] as Handler;
}

/** doesIo tells whether an action touches the disk (record, forget and conflict do not). */
export function doesIo(action: Action): boolean {
  return HANDLERS[action.kind] !== noIo;
}
