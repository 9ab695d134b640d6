// `npm run bench` entry point: builds (or reuses) the generated trees, runs the selected sections
// and prints one table per section. Options: --files N (90000), --seed S (1), --max-mib M (300),
// --runs R (5; 3 with --compare), --only scan,hash (default: all sections), --compare (the table:
// syncwarden, unison and find interleaved on one tree, see compare.ts; with --only, just those of its rows).
import { parseArgs } from 'node:util';
import { compareMain, COMPARE_STEPS } from './compare.js';
import { ensureBenchTrees } from './gen-tree.js';
import { SECTIONS } from './sections.js';
import { median, type BenchContext, type BenchReport } from './types.js';

const USAGE = `usage: npm run bench -- [--files N (90000)] [--seed S (1)] [--max-mib M (300)] [--runs R (5; 3 with --compare)]
                       [--only ${SECTIONS.map((s) => s.name).join(',')}] [--compare]`;

/** benchMain parses argv, runs the chosen sections and prints their tables; returns the exit code. */
export async function benchMain(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        files: { type: 'string', default: '90000' },
        seed: { type: 'string', default: '1' },
        'max-mib': { type: 'string', default: '300' },
        runs: { type: 'string' },
        only: { type: 'string' },
        compare: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const log = (line: string) => console.log(`  ${line}`);
  const trees = ensureBenchTrees({ files: Number(values.files), seed: Number(values.seed), maxMiB: Number(values['max-mib']) }, log);
  const ctx: BenchContext = { trees, runs: Number(values.runs ?? (values.compare ? 3 : 5)), log };
  console.log(`trees: ${trees.left}, ${trees.right} (${(trees.bytes / 2 ** 20).toFixed(0)} MiB per side)`);
  if (values.compare) {
    const steps = only?.filter((name) => (COMPARE_STEPS as readonly string[]).includes(name));
    if (only && !steps?.length) {
      console.error(`--compare measures ${COMPARE_STEPS.join(', ')}: --only names none of them`);
      return 2;
    }
    console.log(`\n${await compareMain(ctx, steps)}`);
    return 0;
  }
  for (const section of SECTIONS.filter((s) => !only || only.includes(s.name))) {
    console.log(`\n${render(await section.run(ctx), ctx.runs)}`);
  }
  return 0;
}

/** render lays one section's report out as a fixed-width table. */
export function render(report: BenchReport, runs: number): string {
  const head = ['what', `median of ${runs}`, 'runs (s)', 'CPU (median)', 'peak RSS', ''];
  const rows = report.rows.map((r) => [
    r.what, r.runs.length ? seconds(median(r.runs)) : '', r.runs.map((ms) => (ms / 1000).toFixed(2)).join(' '),
    r.cpu ? seconds(median(r.cpu)) : '', r.rssMiB === undefined ? '' : `${r.rssMiB.toFixed(0)} MiB`, r.note ?? '',
  ]);
  const widths = head.map((_, i) => Math.max(head[i].length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 3 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [report.title, line(head), ...rows.map(line), ...report.verdicts.map((v) => `=> ${v}`)].join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

process.exitCode = await benchMain(process.argv.slice(2));
