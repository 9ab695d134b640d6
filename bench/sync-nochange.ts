import { runChild } from './child.js';
import { median, type BenchRow, type BenchSection } from './types.js';
import {
  Bisync, copiedPair, countsText, findPath, phasesText, runSync, Scratch, syncedPair, timedRow, timeFind, tryTool, Unison, which,
  type SyncRun, type Timed,
} from './sync-util.js';

/** TARGET_RATIO is SPEC §9's bound for a no-change full reconcile against `find` over both sides. */
const TARGET_RATIO = 1.6;
/** rclone bisync takes ~25 s at 90k files: one run is enough past this size. */
const ONE_BISYNC_ABOVE = 20_000;

/**
 * syncNochangeSection times a no-change full reconcile (`syncwarden sync` CLI after a completed sync of
 * both sides) against `find` over both trees, `unison -batch` and `rclone bisync` on their own copies.
 */
export const syncNochangeSection: BenchSection = {
  name: 'sync-nochange',
  describe: 'no-change full reconcile vs find, unison and rclone bisync',
  async run(ctx) {
    const scratch = new Scratch('nochange');
    try {
      const skipped: string[] = [];
      const pair = await syncedPair(ctx, scratch, 'ours');
      const find = findPath();
      if (find) await timeFind(find, [pair.left, pair.right]); // warm the caches once, unmeasured
      await runSync(pair.config, scratch); // and the launcher's module loading
      const finds: Timed[] = [];
      const ours: SyncRun[] = [];
      // Interleaved so that noise from other processes hits both sides of the ratio alike.
      for (let i = 0; i < ctx.runs; i++) {
        if (find) finds.push(await timeFind(find, [pair.left, pair.right]));
        ours.push(await runSync(pair.config, scratch));
      }
      const rows: BenchRow[] = [];
      if (find) rows.push(timedRow("find LEFT RIGHT -printf '%s %T@ %p\\n'", finds));
      else skipped.push('GNU find not available: no baseline ratio');
      const actions = ours.reduce((n, r) => n + r.report.actions, 0);
      const io = ours.reduce((n, r) => n + ioCount(r.report.counts), 0);
      rows.push(timedRow('syncwarden sync (CLI), nothing changed', ours, `${ctx.trees.files * 2} files; ${countsText(ours[0].report.counts)}`));

      // Where a pass's time goes: the same steps in a fresh process, one clock per step.
      const phases: Phases[] = [];
      for (let i = 0; i < Math.min(ctx.runs, 3); i++) phases.push(await runChild<Phases>('sync-phases-child', [pair.config]));
      const steps: [keyof Phases, string][] = [
        ['startup', 'Node start (to the first line)'], ['imports', 'pass modules (config, policy, scan, state)'], ['config', 'loadConfig'],
        ['policies', 'loadPolicies + Decider'], ['scan', 'scanBoth'], ['stateLoad', 'StateStore.open (state load)'],
        ['plan', 'preparePass (facts, decisions, plan)'], ['stateWrite', 'recordRun + state write + close'],
      ];
      for (const [key, what] of steps) rows.push({ what: `  step: ${what}`, runs: phases.map((p) => p[key]), rssMiB: key === 'stateWrite' ? Math.max(...phases.map((p) => p.maxRssMiB)) : undefined });

      const unisonBin = which('unison');
      let unison: Timed[] | null = null;
      if (unisonBin) {
        unison = await tryTool(ctx, 'unison', async () => {
          const p = copiedPair(ctx, scratch, 'unison');
          const u = new Unison(unisonBin, p.left, p.right, scratch.path('unison', 'home'));
          const first = await u.run(); // builds the archive (hashes everything): unmeasured
          ctx.log(`unison: establishing run ${(first.ms / 1000).toFixed(2)} s`);
          const timed: Timed[] = [];
          for (let i = 0; i < ctx.runs; i++) timed.push(await u.run());
          return timed;
        }, skipped);
        if (unison) rows.push(timedRow('unison -batch -times, nothing changed', unison));
      } else skipped.push('unison not installed (apt-get install unison): no unison row');

      const rcloneBin = which('rclone');
      if (rcloneBin) {
        const bisync = await tryTool(ctx, 'rclone bisync', async () => {
          const p = copiedPair(ctx, scratch, 'bisync');
          const b = new Bisync(rcloneBin, p.left, p.right, scratch.path('bisync', 'home'));
          const first = await b.run(true);
          ctx.log(`rclone bisync --resync: ${(first.ms / 1000).toFixed(2)} s`);
          const timed: Timed[] = [];
          const runs = ctx.trees.files > ONE_BISYNC_ABOVE ? 1 : ctx.runs;
          for (let i = 0; i < runs; i++) timed.push(await b.run());
          return timed;
        }, skipped);
        if (bisync) rows.push(timedRow('rclone bisync, nothing changed', bisync, bisync.length === 1 ? 'one run' : undefined));
      } else skipped.push('rclone not installed (apt-get install rclone): no rclone bisync row');

      const oursMs = median(ours.map((r) => r.ms));
      const verdicts: string[] = [];
      if (find) {
        const ratio = oursMs / median(finds.map((t) => t.ms));
        const cpu = finds.every((t) => t.cpu) && ours.every((t) => t.cpu)
          ? `; CPU ${(median(ours.map((t) => t.cpu as number)) / median(finds.map((t) => t.cpu as number))).toFixed(2)}x find's` : '';
        verdicts.push(`syncwarden: ${ratio.toFixed(2)}x find's time (target <= ${TARGET_RATIO}x): ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}${cpu}`);
      }
      if (unison) {
        const u = median(unison.map((t) => t.ms));
        verdicts.push(`syncwarden ${(oursMs / 1000).toFixed(2)} s vs unison ${(u / 1000).toFixed(2)} s (target: faster than unison): ${oursMs < u ? 'met' : 'MISSED'}`);
      }
      verdicts.push(`restart with nothing changed (target zero copies, zero deletes): ${io === 0 ? 'met' : `MISSED, ${io} disk actions over ${ours.length} runs`}; ${actions} actions of any kind planned`);
      verdicts.push(`syncwarden phases (median run): ${phasesText(ours)}`);
      verdicts.push(`outside the pass's own total (Node start, module loading, config, state close, printing the summary): ${((oursMs - median(ours.map((r) => r.report.ms.total))) / 1000).toFixed(2)} s`);
      return { title: `sync-nochange: ${ctx.trees.files} files + ${ctx.trees.dirs} folders per side, both in sync`, rows, verdicts: [...verdicts, ...skipped] };
    } finally {
      scratch.dispose();
    }
  },
};

/** ioCount is the number of actions that touch a disk in a report's counts. */
export function ioCount(counts: Record<string, number>): number {
  return ['copies', 'renames', 'mkdirs', 'deletes', 'rmdirs', 'props'].reduce((n, k) => n + (counts[k] ?? 0), 0);
}

interface Phases {
  startup: number;
  imports: number;
  config: number;
  policies: number;
  scan: number;
  stateLoad: number;
  plan: number;
  stateWrite: number;
  actions: number;
  maxRssMiB: number;
}
