import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { syncPass } from '../../src/app/sync-pass.js';
import { hasIo } from '../../src/plan/summary.js';
import { makeTmp, removeTmp } from '../support/tmp.js';
import { opArb, type Op, type Side } from './model.js';
import { configFor, runSequence, stats, type Names, type Option, type RunSettings } from './sequence.js';
import { readTree } from './trees.js';

/*
 * Model-based property (SPEC §3, §5, §6): users on both sides create, edit, delete and rename files and
 * create and delete folders between syncs; after every sync both trees are equal (trash aside), no
 * version is lost (a version the sync replaced or deleted is in a trash; a version a user wrote since the
 * last sync is in both trees, under its name or a clash name), and a second sync plans nothing.
 * Edits may keep the mtime inside the tolerance window (changing the size, which any pass sees), and hashing
 * is off, on left only (the default sides) or on both; further properties add names that differ only in case
 * or Unicode form, and same-size edits on hashed sides. The properties run on the plain disk and again with
 * Windows name semantics ([case-insensitive fs]): the users' edits as on NTFS, every pass through the
 * case-insensitive port.
 * SW_PROPERTY_RUNS=500 runs more sequences; SW_PROPERTY_SEED=<seed> SW_PROPERTY_PATH=<path> replays the
 * counterexample fast-check printed.
 */
const RUNS = Number(process.env.SW_PROPERTY_RUNS ?? 30);
const SEED = process.env.SW_PROPERTY_SEED ? Number(process.env.SW_PROPERTY_SEED) : undefined;

function stepsArb(folderMoves: boolean): fc.Arbitrary<Op[][]> {
  const op = opArb(folderMoves);
  return fc.tuple(
    fc.array(op, { minLength: 1, maxLength: 8 }),
    fc.array(fc.array(op, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
  ).map(([initial, rounds]) => [initial, ...rounds]);
}

const HASHING: readonly (readonly Side[])[] = [[], ['left'], ['left', 'right']];

function settingsArb(ntfs: boolean, names: Names = 'plain', options: readonly Option[] = ['option1', 'option2'], sameSize = false): fc.Arbitrary<RunSettings> {
  return fc.record({
    hash: fc.constantFrom(...(sameSize ? HASHING.slice(1) : HASHING)), option: fc.constantFrom(...options),
    caseSensitive: ntfs ? fc.constant(false) : fc.boolean(), ntfs: fc.constant(ntfs), names: fc.constant(names), sameSize: fc.constant(sameSize),
  });
}

/*
 * Move detection (src/facts/moves.ts) once had two bugs these tests found and now guard against: folders paired
 * by inode alone (a new folder reusing a deleted folder's inode was taken for a move), and paths under a moved
 * folder waiting for the next pass. The main property deletes by moving entries out of the roots, so no inode
 * is reused within it; the variants below reuse inodes and move folders.
 */

const MAIN_RUNS = {
  numRuns: RUNS, includeErrorInReport: true,
  ...(SEED !== undefined ? { seed: SEED } : {}), ...(process.env.SW_PROPERTY_PATH ? { path: process.env.SW_PROPERTY_PATH } : {}),
  // Shrinking a failure re-runs many sequences: cap it so CI ends, the shrunk-so-far example still prints.
  interruptAfterTimeLimit: Number(process.env.SW_PROPERTY_TIME_MS ?? 50_000), markInterruptAsFailure: false,
};
const SIDE_RUNS = {
  numRuns: Math.max(10, Math.round(RUNS / 3)), includeErrorInReport: true, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false,
  ...(SEED !== undefined ? { seed: SEED } : {}),
};
/** Known failures of the todo properties, found by them (issue 8): remove the todo once they are fixed. */
const TODO_RUNS = { ...SIDE_RUNS, interruptAfterTimeLimit: 10_000 };
const SPELLING_BUG = 'newerWins (conflict option 2) copies the winner into the loser\'s spelling (plan/expand/conflicts.ts), so the two sides '
  + 'keep names that differ in case: scenario conflicts/both-created-option2-case';
const NTFS = ' [case-insensitive fs]';

/** property runs sequences of `settings` (folder moves or not, deletes that let inode numbers be reused or not). */
function property(settings: fc.Arbitrary<RunSettings>, folderMoves: boolean, runs: object, reuseInodes = false): Promise<void> {
  return fc.assert(fc.asyncProperty(settings, stepsArb(folderMoves), (s, rounds) => runSequence(s, rounds, reuseInodes)), runs);
}

test(`model: ${RUNS} random sequences of edits on both sides never lose a version and always converge`, async (t) => {
  t.after(() => t.diagnostic(`${stats.sequences} sequences run (shrinking included), ${stats.syncs} syncs`));
  await property(settingsArb(false), false, MAIN_RUNS);
});

test(`model: the same with Windows name semantics${NTFS}`, () => property(settingsArb(true), false, MAIN_RUNS));

test('model, with folder moves', () => property(settingsArb(false), true, SIDE_RUNS));

test(`model, with folder moves${NTFS}`, () => property(settingsArb(true), true, SIDE_RUNS));

test('model, real deletes (inode numbers reused)', () => property(settingsArb(false), false, SIDE_RUNS, true));

// Conflict option 1 only: option 2 has a known spelling bug (SPELLING_BUG).
test('model, file names differing only in case or Unicode form', () => property(settingsArb(false, 'fileVariants', ['option1']), false, SIDE_RUNS));

test(`model, file names differing only in case or Unicode form${NTFS}`, () => property(settingsArb(true, 'fileVariants', ['option1']), false, SIDE_RUNS));

// Folders respelled in case or Unicode form while files are copied into them (issue 8 items 3 and 4).
test('model, file and folder names differing only in case or Unicode form', () => property(settingsArb(false, 'allVariants', ['option1']), true, SIDE_RUNS));

test(`model, file and folder names differing only in case or Unicode form${NTFS}`, () => property(settingsArb(true, 'allVariants', ['option1']), true, SIDE_RUNS));

test(`model, file and folder names differing only in case or Unicode form, conflict option 2${NTFS}`, { todo: SPELLING_BUG }, () => (
  property(settingsArb(true, 'allVariants', ['option2']), true, TODO_RUNS)
));

// Same-size edits inside the mtime tolerance on a hashed side (issue 8 item 1).
test('model, hashed sides, every edit keeps size and mtime (within the tolerance)', () => (
  property(settingsArb(false, 'plain', ['option1', 'option2'], true), false, SIDE_RUNS)
));

test(`model, hashed sides, every edit keeps size and mtime (within the tolerance)${NTFS}`, () => (
  property(settingsArb(true, 'plain', ['option1', 'option2'], true), false, SIDE_RUNS)
));

// Smallest reproductions found (shrunk by fast-check). Folder moved on the left while, in the same round,
// its file is deleted on the right: after the pass left has w/a.txt, right an empty w.
test('model: a folder moved on one side while its file is deleted on the other converges in one pass', async () => {
  await runSequence({ hash: [], option: 'option1', caseSensitive: false }, [
    [{ kind: 'write', side: 'left', path: 'x/a.txt' }],
    [{ kind: 'moveDir', side: 'left', from: 'x', to: 'w' }, { kind: 'delete', side: 'right', path: 'x/a.txt' }],
  ]);
});

// A file written into a folder that is then moved, all in one round: the file is not copied this pass.
test('model: a new file in a folder moved in the same round is copied in that pass', async () => {
  await runSequence({ hash: [], option: 'option1', caseSensitive: false }, [
    [{ kind: 'mkdir', side: 'left', dir: 'x' }],
    [{ kind: 'write', side: 'left', path: 'x/y/a.txt' }, { kind: 'moveDir', side: 'left', from: 'x', to: 'z/w' }],
  ]);
});

// Smallest reproduction found (shrunk from seed -576931741): on the right, delete folder x/y and create
// folder z; when z gets x/y's inode, the pass renames left x/y (with b.txt) to z instead of deleting it.
// Inode reuse depends on the allocator, so a few attempts are made; the test says so if none reused it.
test('model: a deleted folder and a new folder on one side are not a move', async (t) => {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const dir = makeTmp('sw-prop-ino-');
    try {
      const root = (side: string, rel = '') => join(dir, side, rel);
      mkdirSync(root('left', 'x/y'), { recursive: true });
      mkdirSync(root('right'));
      writeFileSync(root('left', 'x/y/b.txt'), 'b');
      writeFileSync(root('left', 'keep.md'), 'k');
      const config = configFor(dir, { hash: [], option: 'option1', caseSensitive: false });
      assert.equal((await syncPass(config)).exitCode, 0);
      const ino = statSync(root('right', 'x/y')).ino;
      rmSync(root('right', 'x/y'), { recursive: true });
      // Hold every folder that got another inode outside the roots, so the allocator works its way to ino.
      mkdirSync(root('hold'));
      let n = 0;
      for (mkdirSync(root('right', 'z')); statSync(root('right', 'z')).ino !== ino && n < 3000; mkdirSync(root('right', 'z'))) {
        renameSync(root('right', 'z'), root('hold', String(++n)));
      }
      if (statSync(root('right', 'z')).ino !== ino) continue;
      const report = await syncPass(config);
      const plan = report.plan.filter(hasIo).map((a) => `${a.kind} ${a.key}`);
      assert.deepEqual(readTree(root('left')).files.has('z/b.txt'), false, `x/y was moved, not deleted: ${plan.join('; ')}`);
      return;
    } finally {
      removeTmp(dir);
    }
  }
  t.skip('the file system never reused the deleted folder\'s inode in 5 attempts');
});
