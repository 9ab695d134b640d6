// The three measurements of `npm run bench -- --compare`, each with syncwarden, unison and (for the no-change
// pass) find interleaved run by run on their own copies of the same generated tree, so that the noise of a
// shared machine hits every tool of a row alike.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './types.js';
import {
  copiedPair, copyTree, runSync, smallFiles, syncedPair, timeCommand, timeFind, Unison, writeSyncConfig, type Scratch, type SyncRun, type Timed,
} from './sync-util.js';

/** Tools are what is installed: find, unison and rclone are optional (their cells then say why they are empty). */
export interface Tools { find: string | null; unison: string | null; rclone?: string | null }

/** Measured is one row's timed runs per tool (absent: the tool is not installed or failed), and notes. */
export interface Measured { find?: Timed[]; unison?: Timed[]; rclone?: Timed[]; ours: SyncRun[]; notes: string[] }

/** BURST_APPENDS and BURST_DELETES shape the burst: files appended to, and files deleted, on the left. */
export const BURST_APPENDS = 1000;
export const BURST_DELETES = 10;

/** noChange times a pass over a synced pair where nothing changed: find over both roots, unison, syncwarden. */
export async function noChange(ctx: BenchContext, scratch: Scratch, tools: Tools): Promise<Measured> {
  const ours = await syncedPair(ctx, scratch, 'nochange-ours');
  const unison = tools.unison ? await establishedUnison(ctx, scratch, tools.unison, 'nochange-unison') : null;
  // Warm the caches and the launcher's module loading once, unmeasured.
  if (tools.find) await timeFind(tools.find, [ours.left, ours.right]);
  await runSync(ours.config, scratch);
  const out: Measured = { ours: [], notes: [], ...(tools.find ? { find: [] } : {}), ...(unison ? { unison: [] } : {}) };
  for (let i = 0; i < ctx.runs; i++) {
    if (tools.find) out.find!.push(await timeFind(tools.find, [ours.left, ours.right]));
    if (unison) out.unison!.push(await unison.run());
    out.ours.push(await runSync(ours.config, scratch));
  }
  const io = out.ours.reduce((n, r) => n + ['copies', 'deletes', 'renames', 'mkdirs', 'rmdirs', 'props'].reduce((m, k) => m + (r.report.counts[k] ?? 0), 0), 0);
  if (io) out.notes.push(`WARNING: ${io} disk actions in no-change passes`);
  return out;
}

/** burst times one-shot passes after 1,000 files were appended to and 10 deleted on the left, a new set each run. */
export async function burst(ctx: BenchContext, scratch: Scratch, tools: Tools): Promise<Measured> {
  const ours = await syncedPair(ctx, scratch, 'burst-ours');
  const unison = tools.unison ? await establishedUnison(ctx, scratch, tools.unison, 'burst-unison') : null;
  const files = smallFiles(ours.left, 64 * 1024);
  const spare = files.length - BURST_DELETES * ctx.runs;
  if (spare < BURST_APPENDS) throw new Error(`the tree has too few files (${files.length}) for the burst`);
  const out: Measured = { ours: [], notes: [], ...(unison ? { unison: [] } : {}) };
  for (let run = 0; run < ctx.runs; run++) {
    // Appends spread over the whole tree (never the files deleted later), a different set each run.
    const appended = Array.from({ length: BURST_APPENDS }, (_, j) => files[(Math.floor((j * spare) / BURST_APPENDS) + run) % spare]);
    const deleted = files.slice(spare + run * BURST_DELETES, spare + (run + 1) * BURST_DELETES);
    const change = (root: string) => {
      for (const rel of appended) appendFileSync(join(root, rel), `appended in run ${run}\n`);
      for (const rel of deleted) rmSync(join(root, rel));
    };
    change(ours.left);
    if (unison) change(unison.left);
    // Who goes first alternates: the second tool of a run meets caches the first one warmed.
    const order = run % 2 === 0 ? ['ours', 'unison'] : ['unison', 'ours'];
    for (const tool of order) {
      if (tool === 'ours') out.ours.push(await runSync(ours.config, scratch));
      else if (unison) out.unison!.push(await unison.run());
    }
  }
  const copies = out.ours.map((r) => r.report.counts.copies ?? 0);
  const deletes = out.ours.map((r) => r.report.counts.deletes ?? 0);
  if (copies.some((c) => c !== BURST_APPENDS) || deletes.some((d) => d !== BURST_DELETES)) {
    out.notes.push(`WARNING: syncwarden copies per run ${copies.join(', ')}, deletes ${deletes.join(', ')} (expected ${BURST_APPENDS} and ${BURST_DELETES})`);
  }
  return out;
}

/** initialCopy times the first sync of the left tree into an empty right side, a fresh state (or archive) each run. */
export async function initialCopy(ctx: BenchContext, scratch: Scratch, tools: Tools): Promise<Measured> {
  const source = scratch.path('initial-left');
  copyTree(ctx.trees.left, source);
  const out: Measured = { ours: [], notes: [], ...(tools.unison ? { unison: [] } : {}), ...(tools.rclone ? { rclone: [] } : {}) };
  const copyInto = async (tool: string, run: number, right: string): Promise<void> => {
    if (tool === 'ours') out.ours.push(await runSync(writeSyncConfig(scratch.dir, source, right), scratch));
    else if (tool === 'unison' && tools.unison) out.unison!.push(await new Unison(tools.unison, source, right, scratch.path(`initial-unison-home-${run}`)).run());
    else if (tool === 'rclone' && tools.rclone && out.rclone) {
      // rclone's defaults (4 transfers, 8 checkers), mtimes kept, as the sync-initial section runs it.
      const t = await timeCommand(tools.rclone, ['copy', source, right, '-q'], { env: { ...process.env, RCLONE_CONFIG: scratch.path('rclone.conf') } });
      if (t.code === 0) out.rclone.push(t);
      else {
        out.notes.push(`rclone copy failed (exit ${t.code}): ${t.stderr.split('\n')[0]}`);
        delete out.rclone;
      }
    }
  };
  // Every output stays until the row is done: deleting 90k files keeps the disk busy for a while after (ext4
  // with discard here), and whichever tool ran right after a deletion would pay for it.
  const outputs: string[] = [];
  try {
    for (let run = 0; run < ctx.runs; run++) {
      // Each tool goes first once in a while: the first of a run meets the caches the last run's tools left.
      const order = [['ours', 'unison', 'rclone'], ['unison', 'rclone', 'ours'], ['rclone', 'ours', 'unison']][run % 3];
      for (const tool of order) {
        const right = scratch.path(`initial-right-${tool}-${run}`);
        mkdirSync(right);
        outputs.push(right);
        await copyInto(tool, run, right);
      }
    }
  } finally {
    for (const right of outputs) rmSync(right, { recursive: true, force: true });
  }
  const copies = out.ours.map((r) => r.report.counts.copies ?? 0);
  if (copies.some((c) => c !== ctx.trees.files) || out.ours.some((r) => r.report.exitCode !== 0)) {
    out.notes.push(`WARNING: syncwarden copies per run ${copies.join(', ')} of ${ctx.trees.files}, exit ${out.ours.map((r) => r.report.exitCode).join(', ')}`);
  }
  return out;
}

/** establishedUnison copies the trees for unison and runs its first (archive-building, unmeasured) pass. */
async function establishedUnison(ctx: BenchContext, scratch: Scratch, bin: string, name: string): Promise<Unison> {
  const pair = copiedPair(ctx, scratch, name);
  const unison = new Unison(bin, pair.left, pair.right, scratch.path(name, 'home'));
  const first = await unison.run();
  ctx.log(`${name}: establishing run ${(first.ms / 1000).toFixed(2)} s`);
  return unison;
}
