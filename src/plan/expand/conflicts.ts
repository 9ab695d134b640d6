import type { Action, ConflictAction, CopyAction, RenameAction } from '../../model/action.js';
import type { Decision } from '../../model/decision.js';
import { stampOf, type Entry } from '../../model/entry.js';
import type { PathFact } from '../../model/fact.js';
import { toKey } from '../../model/key.js';
import { other, type Side } from '../../model/side.js';
import { clashRel } from '../clash-name.js';
import { baseName, relOnSide, withName } from '../rel-map.js';
import { claim, entryOf, PlanError, provenance, relOf, sideParam, trashes, type Expand, type PlanContext } from './context.js';

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

/**
 * typeClash: a file on one side, a folder on the other. Param `keepName` says who keeps the name: `folder`
 * (the default policies: the file is set aside under a clash name on both sides, the folder is created where
 * the file was), `file` (the folder is set aside with everything in it, the file copied where the folder was),
 * or `left` / `right` (that side's entry, whichever type it is).
 */
export const typeClash: Expand = (fact, decision, ctx) => {
  const fileSide: Side = fact.left?.type === 'file' ? 'left' : 'right';
  const dirSide = other(fileSide);
  const file = entryOf(fact, fileSide, decision);
  const dir = entryOf(fact, dirSide, decision);
  const keep = keepsName(fact, decision, fileSide);
  if (keep === 'folder') {
    const aside = setAside(fact, decision, ctx, fileSide, file);
    const mkdir: Action = {
      kind: 'mkdir', key: fact.key, side: fileSide, rel: relOnSide(dir.rel, ctx.trees[fileSide], ctx.caseInsensitive),
      mode: dir.mode, ...provenance(decision, `create folder on ${fileSide} where the file was`),
    };
    return [conflictRecord(fact, decision, false, [`file saved as ${aside.rel} on both sides`, 'folder kept']), ...aside.actions, mkdir];
  }
  // The file keeps the name: the folder (and all inside it) moves to a clash name on its side and is created
  // under that name on the file's side; plan/aside moves the paths inside along.
  // Stamped with the file's mtime: a folder's own mtime moves with whatever happens inside it.
  const rel = clashRel(dir.rel, file.mtimeMs, (candidate) => ctx.taken.has(toKey(candidate, ctx.caseInsensitive)));
  const clashKey = claim(ctx, rel);
  const otherToRel = relOnSide(rel, ctx.trees[fileSide], ctx.caseInsensitive);
  const rename: RenameAction = {
    kind: 'rename', key: fact.key, side: dirSide, fromRel: dir.rel, toRel: rel, toKey: clashKey, expect: stampOf(dir),
    setAside: { otherRel: file.rel, otherToRel }, ...provenance(decision, `set ${dirSide}'s folder aside as ${rel}`),
  };
  const mkdir: Action = {
    kind: 'mkdir', key: clashKey, side: fileSide, rel: otherToRel, mode: dir.mode, ...provenance(decision, `create folder ${rel} on ${fileSide}`),
  };
  const copy: CopyAction = {
    kind: 'copy', key: fact.key, from: fileSide, srcRel: file.rel, dstRel: withName(dir.rel, baseName(file.rel)), size: file.size,
    expectSrc: stampOf(file), expectDst: null, trashOverwritten: false, ...provenance(decision, `copy the file to ${dirSide} where the folder was`),
  };
  if (file.hash !== undefined) copy.hash = file.hash;
  return [conflictRecord(fact, decision, false, [`folder saved as ${rel} on both sides`, 'file kept']), rename, mkdir, copy];
};

/** keepsName reads typeClash's `keepName` as the type that keeps the name. */
function keepsName(fact: PathFact, decision: Decision, fileSide: Side): 'folder' | 'file' {
  const value = decision.params.keepName;
  if (value === 'folder' || value === 'file') return value;
  if (value === 'left' || value === 'right') return value === fileSide ? 'file' : 'folder';
  throw new PlanError(fact.key, `${decision.ruleId}: param keepName must be 'folder', 'file', 'left' or 'right'`);
}
