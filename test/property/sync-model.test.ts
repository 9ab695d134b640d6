import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { syncPass, type SyncReport } from '../../src/app/sync-pass.js';
import type { Config } from '../../src/config/config.js';
import { resolveConfig } from '../../src/config/load.js';
import { hasIo } from '../../src/plan/summary.js';
import { makeTmp, removeTmp } from '../support/tmp.js';
import { describeOp, opArb, readTree, show, UserModel, type Op, type Tree } from './model.js';

/*
 * Model-based property (SPEC §3, §5, §6): users on both sides create, edit, delete and rename files and
 * create and delete folders between syncs; after every sync both trees are equal (trash aside), no
 * version is lost (a version the sync replaced or deleted is in a trash; a version a user wrote since the
 * last sync is in both trees, under its name or a clash name), and a second sync plans nothing.
 * SW_PROPERTY_RUNS=500 runs more sequences; SW_PROPERTY_SEED=<seed> SW_PROPERTY_PATH=<path> replays the
 * counterexample fast-check printed.
 */
const RUNS = Number(process.env.SW_PROPERTY_RUNS ?? 30);
const SEED = process.env.SW_PROPERTY_SEED ? Number(process.env.SW_PROPERTY_SEED) : undefined;

function stepsArb(folderMoves: boolean): fc.Arbitrary<Op[][]> {
  const op = opArb(true, folderMoves);
  return fc.tuple(
    fc.array(op, { minLength: 1, maxLength: 8 }),
    fc.array(fc.array(op, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
  ).map(([initial, rounds]) => [initial, ...rounds]);
}

/** Settings of one sequence: hashing, the conflict option, and case-sensitive keys (then names may differ only in case). */
interface RunSettings { hash: boolean; option: 'option1' | 'option2'; caseSensitive: boolean }
const settingsArb: fc.Arbitrary<RunSettings> = fc.record({
  hash: fc.boolean(), option: fc.constantFrom('option1' as const, 'option2' as const), caseSensitive: fc.boolean(),
});

function configFor(dir: string, s: RunSettings): Config {
  return resolveConfig({
    left: 'left', right: 'right', stateDir: 'state',
    log: { dir: 'logs', level: 'silent' },
    safety: { maxDeletePercent: 100, maxDeleteCount: 1_000_000 },
    watch: { enabled: false },
    caseInsensitive: !s.caseSensitive,
    hash: { enabled: s.hash, sides: ['left', 'right'] },
    conflicts: { bothChanged: s.option, bothCreated: s.option },
  }, join(dir, 'config.json5'));
}

/** presentContents is every content in both live trees. */
function presentContents(trees: Tree[]): Set<string> {
  return new Set(trees.flatMap((t) => [...t.files.values()].map((f) => f.content)));
}

/** check lists every invariant a finished sync breaks. */
function check(before: Tree[], after: Record<'left' | 'right', Tree>, written: Set<string>, report: SyncReport, s: RunSettings): string[] {
  const errors: string[] = [];
  if (report.exitCode !== 0) {
    const failed = report.results.filter((r) => !r.ok).map((r) => `${r.action.kind} ${r.action.key}: ${r.code ?? ""} ${r.message ?? ""}`);
    errors.push(`exit ${report.exitCode}: ${failed.join('; ')}`);
  }
  const { left, right } = after;
  for (const [rel, f] of left.files) {
    const g = right.files.get(rel);
    if (!g) errors.push(`only on left: ${rel}`);
    else if (g.content !== f.content) errors.push(`differs: ${rel}`);
    else if (Math.abs(g.mtimeMs - f.mtimeMs) > 2000) errors.push(`mtimes differ: ${rel}`);
  }
  for (const rel of right.files.keys()) if (!left.files.has(rel)) errors.push(`only on right: ${rel}`);
  for (const d of left.dirs) if (!right.dirs.has(d)) errors.push(`folder only on left: ${d}`);
  for (const d of right.dirs) if (!left.dirs.has(d)) errors.push(`folder only on right: ${d}`);
  const live = presentContents([left, right]);
  const anywhere = new Set([...live, ...left.trash, ...right.trash]);
  for (const c of presentContents(before)) if (!anywhere.has(c)) errors.push(`LOST: ${JSON.stringify(c.trim())} is in no tree and no trash`);
  for (const c of presentContents(before)) {
    // Under option2 (newer wins) a version that lost a conflict rightly ends in its side's trash.
    if (s.option === 'option1' && written.has(c) && !live.has(c)) errors.push(`a version written since the last sync, ${JSON.stringify(c.trim())}, is only in a trash`);
  }
  for (const t of [...left.temps, ...right.temps]) errors.push(`temp file left: ${t}`);
  return errors;
}

async function runSequence(settings: RunSettings, rounds: Op[][], reuseInodes = false): Promise<void> {
  sequences++;
  const dir = makeTmp('sw-prop-');
  try {
    const roots = { left: join(dir, 'left'), right: join(dir, 'right') };
    mkdirSync(roots.left);
    mkdirSync(roots.right);
    const graveyard = reuseInodes ? null : join(dir, 'graveyard');
    if (graveyard) mkdirSync(graveyard);
    const config = configFor(dir, settings);
    // A file no step touches: deleting the last file of a side would (rightly) trip the empty-root guard.
    writeFileSync(join(roots.left, 'keep.md'), 'never touched\n');
    const model = new UserModel(roots, Math.floor((Date.now() - 86_400_000) / 1000) * 1000, settings.caseSensitive, graveyard);
    const story: string[] = [];
    for (const [i, ops] of rounds.entries()) {
      const done = ops.filter((op) => model.apply(op)).map(describeOp);
      story.push(`round ${i}: ${done.join('; ') || '(nothing)'}`);
      const before = [readTree(roots.left), readTree(roots.right)];
      model.clock += 1000;
      const report = await syncPass(config, { now: () => new Date(model.clock) });
      syncs++;
      const after = { left: readTree(roots.left), right: readTree(roots.right) };
      const errors = check(before, after, model.writtenSinceSync, report, settings);
      model.writtenSinceSync = new Set();
      if (errors.length === 0) {
        model.clock += 1000;
        const again = await syncPass(config, { now: () => new Date(model.clock) });
        const io = again.plan.filter(hasIo).map((a) => `${a.kind} ${a.key}`);
        if (io.length) errors.push(`a second sync plans ${io.join('; ')}`);
        if (again.exitCode !== 0) errors.push(`the second sync exited ${again.exitCode}`);
      }
      if (errors.length) {
        const plan = report.plan.map((a) => `${a.kind} ${a.key}${'side' in a ? ` (${String(a.side)})` : ''}`);
        assert.fail([
          `after the sync of round ${i} (${JSON.stringify(settings)}):`, ...errors.map((e) => `  ${e}`), 'story:', ...story.map((s) => `  ${s}`),
          `plan: ${plan.join('; ')}`, `before: left ${show(before[0])}`, `        right ${show(before[1])}`,
          `after: left ${show(after.left)}`, `       right ${show(after.right)}`,
        ].join('\n'));
      }
    }
  } finally {
    removeTmp(dir);
  }
}

let sequences = 0;
let syncs = 0;

/*
 * Move detection (src/facts/moves.ts) once had two bugs these tests found and now guard against: folders paired
 * by inode alone (a new folder reusing a deleted folder's inode was taken for a move), and paths under a moved
 * folder waiting for the next pass. The main property deletes by moving entries out of the roots, so no inode
 * is reused within it; the variants below reuse inodes and move folders.
 */

test(`model: ${RUNS} random sequences of edits on both sides never lose a version and always converge`, async (t) => {
  t.after(() => t.diagnostic(`${sequences} sequences run (shrinking included), ${syncs} syncs`));
  await fc.assert(fc.asyncProperty(settingsArb, stepsArb(false), (s, rounds) => runSequence(s, rounds)), {
    numRuns: RUNS, includeErrorInReport: true,
    ...(SEED !== undefined ? { seed: SEED } : {}), ...(process.env.SW_PROPERTY_PATH ? { path: process.env.SW_PROPERTY_PATH } : {}),
    // Shrinking a failure re-runs many sequences: cap it so CI ends, the shrunk-so-far example still prints.
    interruptAfterTimeLimit: Number(process.env.SW_PROPERTY_TIME_MS ?? 50_000), markInterruptAsFailure: false,
  });
});

const TODO_RUNS = { numRuns: Math.max(10, Math.round(RUNS / 3)), includeErrorInReport: true, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false };

test('model, with folder moves', async () => {
  await fc.assert(fc.asyncProperty(settingsArb, stepsArb(true), (s, rounds) => runSequence(s, rounds)), TODO_RUNS);
});

test('model, real deletes (inode numbers reused)', async () => {
  await fc.assert(fc.asyncProperty(settingsArb, stepsArb(false), (s, rounds) => runSequence(s, rounds, true)), TODO_RUNS);
});

// Smallest reproductions found (shrunk by fast-check). Folder moved on the left while, in the same round,
// its file is deleted on the right: after the pass left has w/a.txt, right an empty w.
test('model: a folder moved on one side while its file is deleted on the other converges in one pass', async () => {
  await runSequence({ hash: false, option: 'option1', caseSensitive: false }, [
    [{ kind: 'write', side: 'left', path: 'x/a.txt' }],
    [{ kind: 'moveDir', side: 'left', from: 'x', to: 'w' }, { kind: 'delete', side: 'right', path: 'x/a.txt' }],
  ]);
});

// A file written into a folder that is then moved, all in one round: the file is not copied this pass.
test('model: a new file in a folder moved in the same round is copied in that pass', async () => {
  await runSequence({ hash: false, option: 'option1', caseSensitive: false }, [
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
      const config = configFor(dir, { hash: false, option: 'option1', caseSensitive: false });
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
