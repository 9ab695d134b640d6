import type { Action } from '../model/action.js';
import type { Side } from '../model/side.js';

/** Respellings maps, per side, a folder's path as scanned to the name it has once the rename phase has run. */
export type Respellings = Record<Side, Map<string, string>>;

/**
 * followRespellings rewrites the paths of a plan under every folder the plan respells (a setProps that
 * changes a folder's name in case or Unicode form, as on a first sync of `Café/` against `Café/`): copies
 * into it and out of it, deletes, renames and its children's own respellings all use the spelling the folder
 * has once the rename phase has run, and so do the base records built from what they observe (pure).
 * Respellings run parents first (plan/order), so each finds its parent already respelled.
 */
export function followRespellings(actions: Action[]): Action[] {
  const respelled = respelledAfter(actions);
  if (!respelled.left.size && !respelled.right.size) return actions;
  return actions.map((action) => rewrite(action, (side, rel) => follow(rel, respelled[side])));
}

/**
 * respelledAfter maps, per side, the folders that executed respellings renamed (a setProps of a folder whose
 * name changed), keyed by the path the action named (its parents already in their new spelling, as
 * followRespellings wrote it) to the new last name.
 */
export function respelledAfter(actions: Iterable<Action>): Respellings {
  const respelled: Respellings = { left: new Map(), right: new Map() };
  for (const action of actions) noteRespelling(respelled, action);
  return respelled;
}

/** noteRespelling adds the action to `respelled` when it respells a folder. */
export function noteRespelling(respelled: Respellings, action: Action): void {
  if (action.kind === 'setProps' && action.expect?.type === 'dir' && action.toRel !== action.rel) {
    respelled[action.side].set(action.rel, action.toRel.slice(action.toRel.lastIndexOf('/') + 1));
  }
}

/**
 * respellScanned gives a path as scanned the spelling it has after the respellings of `respelledAfter`:
 * each folder above it is looked up with its parents already respelled (never its own last name).
 */
export function respellScanned(rel: string, respelled: Map<string, string>): string {
  if (!respelled.size) return rel;
  const names = rel.split('/');
  let now = '';
  for (let i = 0; i < names.length - 1; i++) {
    const at = i === 0 ? names[0] : `${now}/${names[i]}`;
    const name = respelled.get(at);
    if (name !== undefined) names[i] = name;
    now = i === 0 ? names[0] : `${now}/${names[i]}`;
  }
  return names.join('/');
}

/** follow respells the folders above `rel` (never its own last name: that is the action's business). */
function follow(rel: string, respelled: Map<string, string>): string {
  if (!respelled.size) return rel;
  const names = rel.split('/');
  let scanned = '';
  for (let i = 0; i < names.length - 1; i++) {
    scanned = i === 0 ? names[0] : `${scanned}/${names[i]}`;
    names[i] = respelled.get(scanned) ?? names[i];
  }
  return names.join('/');
}

function rewrite(action: Action, map: (side: Side, rel: string) => string): Action {
  switch (action.kind) {
    case 'copy': {
      const to: Side = action.from === 'left' ? 'right' : 'left';
      const out = { ...action, srcRel: map(action.from, action.srcRel), dstRel: map(to, action.dstRel) };
      if (action.dstCurrentRel !== undefined) out.dstCurrentRel = map(to, action.dstCurrentRel);
      return out;
    }
    case 'rename': {
      const out = { ...action, fromRel: map(action.side, action.fromRel), toRel: map(action.side, action.toRel) };
      const o: Side = action.side === 'left' ? 'right' : 'left';
      if (action.setAside) out.setAside = { otherRel: map(o, action.setAside.otherRel), otherToRel: map(o, action.setAside.otherToRel) };
      return out;
    }
    case 'setProps': return { ...action, rel: map(action.side, action.rel), toRel: map(action.side, action.toRel) };
    case 'mkdir': case 'delete': case 'rmdir': return { ...action, rel: map(action.side, action.rel) };
    default: return action;
  }
}
