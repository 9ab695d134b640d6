import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { runChild } from './child.js';
import { median, type BenchContext, type BenchReport, type BenchRow, type BenchSection } from './types.js';

interface ChildResult {
  ms: number[];
  cpu: number[];
  files: number;
  maxRssMiB: number;
}

/** TARGET_RATIO is the brief's bound for scanning both sides against `find` over both. */
const TARGET_RATIO = 1.5;

/** scanSection times scanBoth against `find LEFT RIGHT -printf '%s %T@ %p\n'` on the same trees. */
export const scanSection: BenchSection = {
  name: 'scan',
  describe: 'scanBoth vs find over both trees',
  async run(ctx) {
    const find = findPath();
    if (find) timeFind(find, ctx); // warm the page and dentry caches once, unmeasured
    const findMs: number[] = [];
    const findCpu: number[] = [];
    const fresh: ChildResult[] = [];
    const cli: ChildResult[] = [];
    // Interleaved so that noise from other processes hits both sides of the ratio alike.
    for (let i = 0; i < ctx.runs; i++) {
      if (find) {
        const cpu0 = childrenCpuMs();
        findMs.push(timeFind(find, ctx));
        if (cpu0 !== null) findCpu.push((childrenCpuMs() ?? 0) - cpu0);
      }
      fresh.push(await runChild<ChildResult>('scan-child', [ctx.trees.left, ctx.trees.right, '1']));
      cli.push(await runChild<ChildResult>('scan-child', [ctx.trees.left, ctx.trees.right, '1', 'cli']));
    }
    const warm = await runChild<ChildResult>('scan-child', [ctx.trees.left, ctx.trees.right, String(ctx.runs + 1)]);
    const rows: BenchRow[] = [];
    if (find) rows.push({ what: "find LEFT RIGHT -printf '%s %T@ %p\\n'", runs: findMs, cpu: findCpu.length ? findCpu : undefined });
    rows.push({
      what: 'scanBoth, fresh process each run', runs: fresh.map((r) => r.ms[0]), cpu: fresh.map((r) => r.cpu[0]),
      rssMiB: Math.max(...fresh.map((r) => r.maxRssMiB)), note: `${fresh[0].files} files`,
    });
    rows.push({
      what: 'fresh, workers booted during config load (as `scan`)', runs: cli.map((r) => r.ms[0]), cpu: cli.map((r) => r.cpu[0]),
      rssMiB: Math.max(...cli.map((r) => r.maxRssMiB)), note: 'time counts from the boot, config load included',
    });
    // The first scan of a process pays the JIT warm-up; the service's rescans look like the rest.
    rows.push({ what: 'scanBoth, warm process (service rescans)', runs: warm.ms.slice(1), cpu: warm.cpu.slice(1), rssMiB: warm.maxRssMiB });
    return { title: `scan: ${ctx.trees.files} files + ${ctx.trees.dirs} folders per side`, rows, verdicts: verdicts(rows) };
  },
};

function verdicts(rows: BenchRow[]): string[] {
  const [find, ...ours] = rows;
  if (!find.what.startsWith('find')) return ['find not available here: no baseline ratio'];
  return ours.map((row) => {
    const ratio = median(row.runs) / median(find.runs);
    const cpu = row.cpu && find.cpu ? `; CPU ${(median(row.cpu) / median(find.cpu)).toFixed(2)}x find's` : '';
    return `${row.what}: ${ratio.toFixed(2)}x find's time (target <= ${TARGET_RATIO}x): ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}${cpu}`;
  });
}

// GNU find is the reference; where it is missing (Windows, BSD without -printf) the baseline is skipped.
function findPath(): string | null {
  if (process.platform === 'win32') return null;
  const path = ['/usr/bin/find', '/bin/find'].find((p) => existsSync(p));
  if (!path) return null;
  const probe = spawnSync(path, ['/', '-maxdepth', '0', '-printf', '%s'], { stdio: 'ignore' });
  return probe.status === 0 ? path : null;
}

// CPU of waited-for children (utime + stime at 100 ticks/s, Linux's USER_HZ), from /proc; null without /proc.
function childrenCpuMs(): number | null {
  try {
    // Fields after the ')' that ends the command name: cutime and cstime are the 14th and 15th.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

function timeFind(find: string, ctx: BenchContext): number {
  const devNull = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(find, [ctx.trees.left, ctx.trees.right, '-printf', '%s %T@ %p\n'], { stdio: ['ignore', devNull, 'inherit'] });
    if (r.status !== 0) throw new Error(`find exited with ${r.status}`);
    return performance.now() - t0;
  } finally {
    closeSync(devNull);
  }
}
