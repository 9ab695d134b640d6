import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syncPass, type SyncReport } from '../../src/app/sync-pass.js';
import type { Config } from '../../src/config/config.js';
import { resolveConfig } from '../../src/config/load.js';
import { hasIo } from '../../src/plan/summary.js';
import { caseInsensitive } from '../../src/ports/case-insensitive-fs.js';
import { nodeFs } from '../../src/ports/node-fs.js';
import { makeTmp, removeTmp } from '../support/tmp.js';
import { describeOp, UserModel, type Op, type Side } from './model.js';
import { CASE_FILES, FILE_VARIANTS, VARIANT_FILES } from './names.js';
import { readTree, show, type Tree } from './trees.js';
import { ntfsDisk, plainDisk } from './user-disk.js';

// One sequence of the property test: users' rounds of edits, each followed by a sync that must keep every invariant.

/** stats counts what the property tests ran (shrinking included). */
export const stats = { sequences: 0, syncs: 0 };

export type Option = 'option1' | 'option2';
/** Which names users pick: the plain alphabet, plus file names in other case or Unicode form, plus such folder names. */
export type Names = 'plain' | 'fileVariants' | 'allVariants';

/**
 * Settings of one sequence: the sides hashed, the conflict option, case-sensitive keys (then names may differ
 * only in case), the disk (NTFS: the users' edits and every pass through the case-insensitive port; keys then
 * always fold case), the names, and whether a quick edit on a hashed side keeps the size.
 */
export interface RunSettings { hash: readonly Side[]; option: Option; caseSensitive: boolean; ntfs?: boolean; names?: Names; sameSize?: boolean }

function variantsOf(s: RunSettings): readonly string[] {
  if (s.names === 'allVariants') return VARIANT_FILES;
  if (s.names === 'fileVariants') return FILE_VARIANTS;
  return s.caseSensitive ? CASE_FILES : [];
}

/** configFor is a sequence's config in `dir`. */
export function configFor(dir: string, s: RunSettings): Config {
  return resolveConfig({
    left: 'left', right: 'right', stateDir: 'state',
    log: { dir: 'logs', level: 'silent' },
    safety: { maxDeletePercent: 100, maxDeleteCount: 1_000_000 },
    watch: { enabled: false },
    caseInsensitive: !s.caseSensitive,
    hash: { enabled: s.hash.length > 0, sides: s.hash.length ? s.hash : ['left'] },
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

/** runSequence plays `rounds` of edits, a sync after each, and fails with the story at the first broken invariant. */
export async function runSequence(settings: RunSettings, rounds: Op[][], reuseInodes = false): Promise<void> {
  stats.sequences++;
  const dir = makeTmp('sw-prop-');
  try {
    const roots = { left: join(dir, 'left'), right: join(dir, 'right') };
    mkdirSync(roots.left);
    mkdirSync(roots.right);
    const graveyard = reuseInodes ? null : join(dir, 'graveyard');
    if (graveyard) mkdirSync(graveyard);
    const config = configFor(dir, settings);
    const port = settings.ntfs ? caseInsensitive(nodeFs()) : undefined;
    const fs = port ? { left: port, right: port } : undefined;
    // A file no step touches: deleting the last file of a side would (rightly) trip the empty-root guard.
    writeFileSync(join(roots.left, 'keep.md'), 'never touched\n');
    const model = new UserModel({
      roots, start: Math.floor((Date.now() - 86_400_000) / 1000) * 1000, caseInsensitive: !settings.caseSensitive,
      variants: variantsOf(settings), disk: settings.ntfs ? ntfsDisk() : plainDisk, sameSize: settings.sameSize ? settings.hash : [], graveyard,
    });
    const story: string[] = [];
    for (const [i, ops] of rounds.entries()) {
      const done: string[] = [];
      for (const op of ops) if (await model.apply(op)) done.push(describeOp(op));
      story.push(`round ${i}: ${done.join('; ') || '(nothing)'}`);
      const before = [readTree(roots.left), readTree(roots.right)];
      model.clock += 1000;
      const report = await syncPass(config, { now: () => new Date(model.clock), fs });
      stats.syncs++;
      const after = { left: readTree(roots.left), right: readTree(roots.right) };
      const errors = check(before, after, model.writtenSinceSync, report, settings);
      model.writtenSinceSync = new Set();
      if (errors.length === 0) {
        model.clock += 1000;
        const again = await syncPass(config, { now: () => new Date(model.clock), fs });
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
