import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
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

const op = opArb(true);
const stepsArb = fc.tuple(
  fc.array(op, { minLength: 1, maxLength: 8 }),
  fc.array(fc.array(op, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
).map(([initial, rounds]) => [initial, ...rounds]);

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

async function runSequence(settings: RunSettings, rounds: Op[][]): Promise<void> {
  sequences++;
  const dir = makeTmp('sw-prop-');
  try {
    const roots = { left: join(dir, 'left'), right: join(dir, 'right') };
    mkdirSync(roots.left);
    mkdirSync(roots.right);
    const config = configFor(dir, settings);
    // A file no step touches: deleting the last file of a side would (rightly) trip the empty-root guard.
    writeFileSync(join(roots.left, 'keep.md'), 'never touched\n');
    const model = new UserModel(roots, Math.floor((Date.now() - 86_400_000) / 1000) * 1000, settings.caseSensitive);
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

test(`model: ${RUNS} random sequences of edits on both sides never lose a version and always converge`, async (t) => {
  t.after(() => t.diagnostic(`${sequences} sequences run (shrinking included), ${syncs} syncs`));
  await fc.assert(fc.asyncProperty(settingsArb, stepsArb, runSequence), {
    numRuns: RUNS, includeErrorInReport: true,
    ...(SEED !== undefined ? { seed: SEED } : {}), ...(process.env.SW_PROPERTY_PATH ? { path: process.env.SW_PROPERTY_PATH } : {}),
    // Shrinking a failure re-runs many sequences: cap it so CI ends, the shrunk-so-far example still prints.
    interruptAfterTimeLimit: Number(process.env.SW_PROPERTY_TIME_MS ?? 50_000), markInterruptAsFailure: false,
  });
});
