import { mkdirSync } from 'node:fs';
import { median, type BenchRow, type BenchSection } from './types.js';
import { copyTree, countsText, timedRow as row, phasesText, runSync, Scratch, timeCommand, which, writeSyncConfig, type SyncRun } from './sync-util.js';

/** Past this many files one run per tool is enough (each run copies the whole tree). */
const ONE_RUN_ABOVE = 20_000;

/**
 * syncInitialSection times the first sync of the left tree into an empty right side (`syncwarden sync`
 * CLI, child process), next to `cp -a` and `rclone copy` of the same tree when they are installed.
 */
export const syncInitialSection: BenchSection = {
  name: 'sync-initial',
  describe: 'first sync into an empty right side vs cp -a and rclone copy',
  async run(ctx) {
    const scratch = new Scratch('initial');
    // Outputs stay until the section is done (scratch.dispose): deleting 90k files keeps the disk busy for a
    // while after, and the next tool would pay for it.
    try {
      const files = ctx.trees.files;
      const runs = files > ONE_RUN_ABOVE ? 1 : ctx.runs;
      const source = scratch.path('left');
      copyTree(ctx.trees.left, source);
      const rate = (ms: number) => `${Math.round(files / (ms / 1000)).toLocaleString('en-US')} files/s`;
      const rows: BenchRow[] = [];
      const skipped: string[] = [];

      const cp = which('cp');
      if (cp && process.platform !== 'win32') {
        const timed = [];
        for (let i = 0; i < runs; i++) {
          const to = scratch.path(`cp-${i}`);
          const t = await timeCommand(cp, ['-a', source, to]);
          if (t.code !== 0) throw new Error(`cp -a exited with ${t.code}: ${t.stderr}`);
          timed.push(t);
        }
        rows.push(row('cp -a LEFT EMPTY', timed, rate(median(timed.map((t) => t.ms)))));
      } else skipped.push('cp -a not available');

      const ours: SyncRun[] = [];
      for (let i = 0; i < runs; i++) {
        const right = scratch.path(`right-${i}`);
        mkdirSync(right);
        const config = writeSyncConfig(scratch.dir, source, right);
        ours.push(await runSync(config, scratch));
      }
      const mid = median(ours.map((r) => r.ms));
      rows.push(row('syncwarden sync (CLI), empty right side', ours, `${rate(mid)}; ${countsText(ours[0].report.counts)}; exit ${ours[0].report.exitCode}`));

      const rclone = which('rclone');
      if (rclone) {
        const timed = [];
        for (let i = 0; i < runs; i++) {
          const to = scratch.path(`rclone-${i}`);
          const t = await timeCommand(rclone, ['copy', source, to, '-q', '--transfers', '4', '--checkers', '8'], {
            env: { ...process.env, RCLONE_CONFIG: scratch.path('rclone.conf') },
          });
          if (t.code !== 0) {
            skipped.push(`rclone copy failed (exit ${t.code}): ${t.stderr.split('\n')[0]}`);
            break;
          }
          timed.push(t);
        }
        if (timed.length) rows.push(row('rclone copy LEFT EMPTY', timed, rate(median(timed.map((t) => t.ms)))));
      } else skipped.push('rclone not installed: no rclone copy row');

      const verdicts = [`syncwarden phases (median run): ${phasesText(ours)}`];
      for (const r of rows.filter((r) => !r.what.startsWith('syncwarden'))) {
        verdicts.push(`syncwarden: ${(mid / median(r.runs)).toFixed(2)}x the time of ${r.what.split(' ').slice(0, 2).join(' ')}`);
      }
      if (ours.some((r) => r.report.exitCode !== 0 || r.report.problems)) verdicts.push(`WARNING: exit ${ours.map((r) => r.report.exitCode).join(',')}, problems ${ours.map((r) => r.report.problems).join(',')}`);
      return { title: `sync-initial: ${files} files + ${ctx.trees.dirs} folders (${(ctx.trees.bytes / 2 ** 20).toFixed(0)} MiB) into an empty side, ${runs} run(s)`, rows, verdicts: [...verdicts, ...skipped] };
    } finally {
      scratch.dispose();
    }
  },
};

