import type { Action, ConflictAction, CopyAction, RenameAction } from '../../model/action.js';
import type { Decision } from '../../model/decision.js';
import { stampOf, type Entry } from '../../model/entry.js';
import type { PathFact } from '../../model/fact.js';
import { toKey } from '../../model/key.js';
import { other, type Side } from '../../model/side.js';
import { clashRel } from '../clash-name.js';
import { baseName, relOnSide, withName } from '../rel-map.js';
import { claim, entryOf, provenance, relOf, sideParam, trashes, type Expand, type PlanContext } from './context.js';

/** conflictRecord is the no-I/O action that records (and later mails) a conflict. */
export function conflictRecord(fact: PathFact, decision: Decision, open: boolean, actions: string[]): ConflictAction {
  const rule = typeof decision.params.conflict === 'string' ? decision.params.conflict : decision.action;
  const option = rule === 'bothChanged' || rule === 'bothCreated' || rule === 'bothPropsChanged' ? fact.facts[rule] : decision.action;
  return { kind: 'conflict', key: fact.key, rel: relOf(fact), rule, option, open, actions, ...provenance(decision, `conflict ${rule}`) };
}

/**
 * setAside renames `entry` on `side` to a fresh clash name and copies it under that name to the other side,
 * so the version ends on both sides without taking the original name.
 */
function setAside(fact: PathFact, decision: Decision, ctx: PlanContext, side: Side, entry: Entry): { actions: Action[]; rel: string } {
  const rel = clashRel(entry.rel, entry.mtimeMs, (candidate) => ctx.taken.has(toKey(candidate, ctx.caseInsensitive)));
  const clashKey = claim(ctx, rel);
  const to = other(side);
  const rename: RenameAction = {
    kind: 'rename', key: fact.key, side, fromRel: entry.rel, toRel: rel, toKey: clashKey, expect: stampOf(entry),
    ...provenance(decision, `set ${side}'s version aside as ${rel}`),
  };
  const copy: CopyAction = {
    kind: 'copy', key: clashKey, from: side, srcRel: rel, dstRel: relOnSide(rel, ctx.trees[to], ctx.caseInsensitive),
    size: entry.size, expectSrc: stampOf(entry), expectDst: null, trashOverwritten: false,
    ...provenance(decision, `copy clash file ${rel} to ${to}`),
  };
  if (entry.hash !== undefined) rename.hash = copy.hash = entry.hash;
  return { actions: entry.type === 'file' ? [rename, copy] : [rename], rel };
}

/** keepBoth: the winner keeps the name on both sides; the loser is saved as a clash file on both sides. */
export const keepBoth: Expand = (fact, decision, ctx) => {
  const winner = sideParam(fact, decision, 'winner');
  const loser = other(winner);
  const win = entryOf(fact, winner, decision);
  const aside = setAside(fact, decision, ctx, loser, entryOf(fact, loser, decision));
  const copy: Action = {
    kind: 'copy', key: fact.key, from: winner, srcRel: win.rel, dstRel: relOnSide(win.rel, ctx.trees[loser], ctx.caseInsensitive),
    size: win.size, expectSrc: stampOf(win), expectDst: null, trashOverwritten: false,
    ...provenance(decision, `${winner}'s newer version keeps the name on both sides`),
  };
  if (win.hash !== undefined) copy.hash = win.hash;
  const words = [`${winner} kept ${win.rel}`, `${loser}'s version saved as ${aside.rel} on both sides`];
  return [conflictRecord(fact, decision, false, words), ...aside.actions, copy];
};

/**
 * newerWins: the winner's content and name go to both sides; the loser's version goes to its own side's
 * trash as any overwritten version does (param `trashOverwritten`, by default the soft-delete settings).
 */
export const newerWins: Expand = (fact, decision, ctx) => {
  const winner = sideParam(fact, decision, 'winner');
  const loser = other(winner);
  const win = entryOf(fact, winner, decision);
  const lose = entryOf(fact, loser, decision);
  const dstRel = withName(lose.rel, baseName(win.rel));
  const trash = trashes(decision, 'trashOverwritten', lose, ctx);
  const copy: CopyAction = {
    kind: 'copy', key: fact.key, from: winner, srcRel: win.rel, dstRel, size: win.size,
    expectSrc: stampOf(win), expectDst: stampOf(lose), trashOverwritten: trash,
    ...provenance(decision, `${winner}'s newer version wins; ${loser}'s ${trash ? 'goes to its trash' : 'is overwritten'}`),
  };
  if (lose.rel !== dstRel) copy.dstCurrentRel = lose.rel;
  if (win.hash !== undefined) copy.hash = win.hash;
  if (trash) copy.conflictLoser = true;
  const lost = trash ? `${loser}'s version moved to ${loser}'s trash` : `${loser}'s version overwritten (not kept)`;
  return [conflictRecord(fact, decision, false, [`${winner} won`, lost]), copy];
};

/** openConflict touches nothing and records the conflict as open until someone settles it. */
export const openConflict: Expand = (fact, decision) => [conflictRecord(fact, decision, true, ['both versions kept as they are until syncwarden resolve settles it'])];

/** typeClash: the file gets a clash name (and reaches both sides), the folder is created where the file was. */
export const typeClash: Expand = (fact, decision, ctx) => {
  const fileSide: Side = fact.left?.type === 'file' ? 'left' : 'right';
  const dirSide = other(fileSide);
  const dir = entryOf(fact, dirSide, decision);
  const aside = setAside(fact, decision, ctx, fileSide, entryOf(fact, fileSide, decision));
  const mkdir: Action = {
    kind: 'mkdir', key: fact.key, side: fileSide, rel: relOnSide(dir.rel, ctx.trees[fileSide], ctx.caseInsensitive),
    mode: dir.mode, ...provenance(decision, `create folder on ${fileSide} where the file was`),
  };
  return [conflictRecord(fact, decision, false, [`file saved as ${aside.rel} on both sides`, 'folder kept']), ...aside.actions, mkdir];
};
