import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, type BenchRow, type BenchSection } from './types.js';
import { copiedPair, countsText, phasesText, runSync, Scratch, smallFiles, syncedPair, timedRow, tryTool, Unison, which, type SyncRun, type Timed } from './sync-util.js';

/** BURST is SPEC §9's change burst: this many files rewritten on one side before a one-shot sync. */
const BURST = 1000;
/** UNISON_MS is SPEC §9's unison time for the burst on the reference machine. */
const UNISON_MS = 2300;

/**
 * syncBurstSection rewrites 1,000 spread-out small files on the left of a synced pair, then times one
 * `syncwarden sync` (CLI); unison gets the same burst on its own synced copy.
 */
export const syncBurstSection: BenchSection = {
  name: 'sync-burst',
  describe: '1,000 files rewritten on the left, one-shot sync, vs unison',
  async run(ctx) {
    const scratch = new Scratch('burst');
    try {
      const skipped: string[] = [];
      const pair = await syncedPair(ctx, scratch, 'ours');
      const candidates = smallFiles(pair.left, 4096);
      const count = Math.min(BURST, candidates.length);
      const unisonBin = which('unison');
      let unison: Unison | null = null;
      if (unisonBin) {
        unison = await tryTool(ctx, 'unison', async () => {
          const p = copiedPair(ctx, scratch, 'unison');
          const u = new Unison(unisonBin, p.left, p.right, scratch.path('unison', 'home'));
          const first = await u.run();
          ctx.log(`unison: establishing run ${(first.ms / 1000).toFixed(2)} s`);
          return u;
        }, skipped);
      } else skipped.push('unison not installed (apt-get install unison): no unison row');

      const ours: SyncRun[] = [];
      const theirs: Timed[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        // Spread over the whole tree, a different set each run (an mtime within tolerance would hide a rewrite).
        const burst = Array.from({ length: count }, (_, j) => candidates[(Math.floor((j * candidates.length) / count) + run) % candidates.length]);
        rewrite(pair.left, burst, run);
        ours.push(await runSync(pair.config, scratch));
        if (unison) {
          rewrite(unison.left, burst, run);
          theirs.push(await unison.run());
        }
      }
      const rows: BenchRow[] = [timedRow(`syncwarden sync (CLI), ${count} files rewritten on the left`, ours, countsText(ours[0].report.counts))];
      if (theirs.length) rows.push(timedRow(`unison -batch -times, same ${count} files`, theirs));

      const oursMs = median(ours.map((r) => r.ms));
      const verdicts: string[] = [];
      if (theirs.length) {
        const u = median(theirs.map((t) => t.ms));
        verdicts.push(`syncwarden ${(oursMs / 1000).toFixed(2)} s vs unison ${(u / 1000).toFixed(2)} s here (target: faster than unison): ${oursMs < u ? 'met' : 'MISSED'}`);
      }
      verdicts.push(`vs SPEC's unison reference ${(UNISON_MS / 1000).toFixed(1)} s: ${oursMs < UNISON_MS ? 'met' : 'MISSED'}`);
      const copies = ours.map((r) => r.report.counts.copies ?? 0);
      if (copies.some((c) => c < count)) verdicts.push(`WARNING: copies per run ${copies.join(', ')} (expected ${count} each)`);
      if (ours.some((r) => r.report.exitCode !== 0)) verdicts.push(`WARNING: exit codes ${ours.map((r) => r.report.exitCode).join(', ')}`);
      verdicts.push(`syncwarden phases (median run): ${phasesText(ours)}`);
      return { title: `sync-burst: ${count} small files changed in a synced pair of ${ctx.trees.files} files per side`, rows, verdicts: [...verdicts, ...skipped] };
    } finally {
      scratch.dispose();
    }
  },
};

/** rewrite gives each file new content (a new size too) and, being written now, a new mtime. */
function rewrite(root: string, rels: string[], run: number): void {
  for (const rel of rels) {
    const line = `burst ${run} of ${rel}\n`;
    writeFileSync(join(root, rel), line.repeat(1 + ((rel.length + run) % 40)));
  }
}
