// `npm run bench -- --compare`: the table in one run. syncwarden, unison (Debian's package, when
// installed) and find, interleaved on their own copies of one generated tree, medians of --runs (3), with
// the ratios against the targets, the peak RSS of every one-shot process, and the load average around it.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { burst, BURST_APPENDS, BURST_DELETES, initialCopy, noChange, type Measured, type Tools } from './compare-steps.js';
import { findPath, Scratch, which, type Timed } from './sync-util.js';
import { median, type BenchContext } from './types.js';

/** TARGET_FIND_RATIO is SPEC §9's bound for the no-change pass against find over both sides. */
const TARGET_FIND_RATIO = 1.6;
/** TARGET_RSS_MIB is SPEC §9's bound on one-shot commands. */
const TARGET_RSS_MIB = 200;

/** COMPARE_STEPS are the sections whose measurement --compare makes (all by default; --only picks some). */
export const COMPARE_STEPS = ['sync-nochange', 'sync-burst', 'sync-initial'] as const;

/** compareMain runs the chosen measurements (all three by default) and returns the table, as Markdown. */
export async function compareMain(ctx: BenchContext, only?: readonly string[]): Promise<string> {
  const wanted = (name: (typeof COMPARE_STEPS)[number]) => !only || only.includes(name);
  const tools: Tools = { find: findPath(), unison: which('unison'), rclone: which('rclone') };
  const load = [loadavg()[0]];
  const step = async (name: string, fn: (scratch: Scratch) => Promise<Measured>): Promise<Measured> => {
    const scratch = new Scratch(`compare-${name}`);
    try {
      const out = await fn(scratch);
      load.push(loadavg()[0]);
      ctx.log(`${name} done (load average ${load.at(-1)!.toFixed(1)})`);
      return out;
    } finally {
      scratch.dispose();
    }
  };
  const still = wanted('sync-nochange') ? await step('nochange', (s) => noChange(ctx, s, tools)) : undefined;
  const changed = wanted('sync-burst') ? await step('burst', (s) => burst(ctx, s, tools)) : undefined;
  const initial = wanted('sync-initial') ? await step('initial', (s) => initialCopy(ctx, s, tools)) : undefined;
  return render(ctx, tools, { still, changed, initial }, load);
}

/** Rows are the measurements made; one left out (--only) has no row. */
interface Rows { still?: Measured; changed?: Measured; initial?: Measured }

function render(ctx: BenchContext, tools: Tools, m: Rows, load: number[]): string {
  const unisonName = tools.unison ? unisonVersion(tools.unison) : 'unison';
  const missing = tools.unison ? 'failed' : 'not installed';
  const lines = [
    `compare: ${ctx.trees.files} files + ${ctx.trees.dirs} folders per side (${(ctx.trees.bytes / 2 ** 20).toFixed(0)} MiB), medians of ${ctx.runs}, `
      + `load average ${load.map((l) => l.toFixed(1)).join(' → ')} (2 cores: read the CPU figures as the fairer comparison)`,
    '',
    `| measurement | find | ${unisonName} | rclone copy | syncwarden | target | verdict |`,
    '|---|---|---|---|---|---|---|',
  ];
  const oursMs = (x: Measured) => median(x.ours.map((r) => r.ms));
  const theirs = (x: Measured) => (x.unison?.length ? median(x.unison.map((t) => t.ms)) : null);
  if (m.still) {
    const x = m.still;
    const f = x.find?.length ? median(x.find.map((t) => t.ms)) : null;
    const u = theirs(x);
    const met = (f === null || oursMs(x) <= TARGET_FIND_RATIO * f) && (u === null || oursMs(x) < u);
    lines.push(row('no-change full pass', x.find ? cell(x.find) : (tools.find ? 'failed' : 'not installed'), x.unison ? cell(x.unison, true) : missing, '—',
      `${cell(x.ours, true)}${ratios(oursMs(x), [[f, 'find'], [u, 'unison']])}`, `≤ ${TARGET_FIND_RATIO}× find and below unison`, met));
  }
  for (const [what, x] of [[`${BURST_APPENDS.toLocaleString('en-US')} appends + ${BURST_DELETES} deletes, one-shot`, m.changed], ['initial copy into an empty side', m.initial]] as const) {
    if (!x) continue;
    const u = theirs(x);
    const initial = what.startsWith('initial');
    const r = initial && x.rclone?.length ? median(x.rclone.map((t) => t.ms)) : null;
    const rcloneCell = !initial ? '—' : x.rclone?.length ? cell(x.rclone, true) : (tools.rclone ? 'failed' : 'not installed');
    lines.push(row(what, '—', x.unison ? cell(x.unison, true) : missing, rcloneCell, `${cell(x.ours, true)}${ratios(oursMs(x), [[u, 'unison'], [r, 'rclone']])}`,
      initial ? 'below unison and rclone copy' : 'below unison', (u === null || oursMs(x) < u) && (r === null || oursMs(x) < r)));
  }
  const made = [m.still, m.changed, m.initial].filter((x): x is Measured => x !== undefined);
  const all = (pick: (x: Measured) => Timed[] | undefined) => made.flatMap((x) => pick(x) ?? []);
  const oursRss = rssRange(all((x) => x.ours));
  lines.push(row(`peak RSS, ${made.length === 3 ? 'any one-shot command' : 'the one-shot commands above'}`, '—', rssRange(all((x) => x.unison)) || missing,
    rssRange(all((x) => x.rclone)) || '—', oursRss, `≤ ${TARGET_RSS_MIB} MB`, Math.max(...all((x) => x.ours).map((t) => t.rssMiB ?? 0)) <= TARGET_RSS_MIB));
  lines.push('', ...phases(m), ...made.flatMap((x) => x.notes));
  return lines.join('\n');
}

function row(what: string, find: string, unison: string, rclone: string, ours: string, target: string, met: boolean): string {
  return `| ${what} | ${find} | ${unison} | ${rclone} | ${ours} | ${target} | ${met ? 'met' : 'MISSED'} |`;
}

/** cell is a tool's median wall time, its median CPU time, and optionally its peak RSS. */
function cell(timed: Timed[], rss = false): string {
  const cpu = timed.every((t) => t.cpu !== undefined) ? `, CPU ${(median(timed.map((t) => t.cpu!)) / 1000).toFixed(2)} s` : '';
  const peak = rss && timed.some((t) => t.rssMiB !== undefined) ? `, ${Math.max(...timed.map((t) => t.rssMiB ?? 0)).toFixed(0)} MB` : '';
  return `${(median(timed.map((t) => t.ms)) / 1000).toFixed(2)} s${cpu}${peak}`;
}

function ratios(ours: number, refs: [number | null, string][]): string {
  const parts = refs.filter(([ms]) => ms).map(([ms, name]) => `${(ours / ms!).toFixed(2)}× ${name}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function rssRange(timed: Timed[]): string {
  const rss = timed.map((t) => t.rssMiB).filter((r): r is number => r !== undefined);
  if (!rss.length) return '';
  return `${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB`;
}

function phases(m: Rows): string[] {
  const text = (what: string, x: Measured) => {
    const mid = [...x.ours].sort((a, b) => a.ms - b.ms)[(x.ours.length - 1) >> 1].report.ms;
    return `syncwarden ${what} (median run): scan ${(mid.scan / 1000).toFixed(2)} s, plan ${(mid.plan / 1000).toFixed(2)} s, execute ${(mid.execute / 1000).toFixed(2)} s, in-process total ${(mid.total / 1000).toFixed(2)} s`;
  };
  return ([['no-change', m.still], ['burst', m.changed], ['initial copy', m.initial]] as const).flatMap(([what, x]) => (x ? [text(what, x)] : []));
}

function unisonVersion(bin: string): string {
  const out = spawnSync(bin, ['-version'], { encoding: 'utf8' }).stdout ?? '';
  const v = /version (\d+\.\d+)/.exec(out);
  return v ? `unison ${v[1]}` : 'unison';
}
