import { runChild } from './child.js';
import { median, type BenchRow, type BenchSection } from './types.js';

/** TARGET_MS is SPEC §9's bound for planning 90k changed paths through the policies. */
const TARGET_MS = 3000;

interface ChildResult {
  files: number;
  paths: number;
  decisions: number;
  actions: number;
  problems: number;
  policies: number[];
  gather: number[];
  decide: number[];
  build: number[];
  total: number[];
  prepare: number[];
  /** CPU milliseconds of the main thread per step and run (robust when the machine is busy). */
  cpu: { policies: number[]; gather: number[]; decide: number[]; build: number[]; total: number[]; prepare: number[] };
  maxRssMiB: number;
}

/**
 * planSection times planning with every file changed: a scan of the generated trees (read only, not
 * timed) against a base where every file on the left is a day older, through gather, the Decider and
 * buildPlan, in a child process; the first run of a process (what a one-shot sync pays) is its own row.
 */
export const planSection: BenchSection = {
  name: 'plan',
  describe: 'planning every path changed: gather + decideAll + buildPlan',
  async run(ctx) {
    const r = await runChild<ChildResult>('plan-child', [ctx.trees.left, ctx.trees.right, String(ctx.runs + 1)]);
    const warm = (ms: number[]) => ms.slice(1);
    const rows: BenchRow[] = [
      { what: 'load policies + new Decider', runs: warm(r.policies), cpu: warm(r.cpu.policies) },
      { what: `gather (facts of ${r.paths} paths)`, runs: warm(r.gather), cpu: warm(r.cpu.gather) },
      { what: 'decider.decideAll', runs: warm(r.decide), cpu: warm(r.cpu.decide), note: `${r.decisions} decisions` },
      { what: 'buildPlan', runs: warm(r.build), cpu: warm(r.cpu.build), note: `${r.actions} actions, ${r.problems} problems` },
      { what: 'all of the above, warm process', runs: warm(r.total), cpu: warm(r.cpu.total), rssMiB: r.maxRssMiB },
      { what: 'all of the above, first run of the process', runs: [r.total[0]], cpu: [r.cpu.total[0]], note: 'what a one-shot sync pays' },
      { what: 'preparePass (same input, the pass\'s own code)', runs: warm(r.prepare), cpu: warm(r.cpu.prepare) },
    ];
    const cold = r.total[0];
    const warmMs = median(warm(r.total));
    const verdicts = [
      `planning ${r.files} changed files (${r.paths} paths): first run ${(cold / 1000).toFixed(2)} s, warm ${(warmMs / 1000).toFixed(2)} s (target <= ${TARGET_MS / 1000} s): ${Math.max(cold, warmMs) <= TARGET_MS ? 'met' : 'MISSED'}`,
      `CPU of the process: first run ${(r.cpu.total[0] / 1000).toFixed(2)} s, warm ${(median(warm(r.cpu.total)) / 1000).toFixed(2)} s (all threads, GC included; wall well above CPU means the machine was busy)`,
    ];
    if (r.problems) verdicts.push(`WARNING: ${r.problems} problems (noRule / policyTie / planError) in the plan`);
    return { title: `plan: every one of ${r.files} files modified on the left since the base`, rows, verdicts };
  },
};
