import type { Action, ActionResult } from '../model/action.js';
import type { Problem } from '../model/problem.js';
import type { Counts } from '../plan/summary.js';

/** describeAction renders one planned action as a single line for people. */
export function describeAction(a: Action): string {
  const arrow = (from: string) => (from === 'left' ? 'left → right' : 'right → left');
  switch (a.kind) {
    case 'copy': return `copy     ${arrow(a.from)}  ${a.srcRel}${a.dstRel !== a.srcRel ? ` → ${a.dstRel}` : ''}  (${a.size} B${a.trashOverwritten ? ', old version to trash' : ''})`;
    case 'rename': return `rename   ${a.side}  ${a.fromRel} → ${a.toRel}`;
    case 'mkdir': return `mkdir    ${a.side}  ${a.rel}`;
    case 'delete': return `${a.trash ? 'trash ' : 'delete'}   ${a.side}  ${a.rel}`;
    case 'rmdir': return `rmdir    ${a.side}  ${a.rel}`;
    case 'setProps': return `props    ${a.side}  ${a.rel}${a.toRel !== a.rel ? ` → ${a.toRel}` : ''}`;
    case 'record': return `in sync  ${a.key}`;
    case 'forget': return `forget   ${a.key}`;
    case 'conflict': return `conflict ${a.key}  ${a.rule} ${a.option}: ${a.actions.join('; ')}`;
  }
}

/** renderPlan lists a plan, one action a line with the rule that asked for it. */
export function renderPlan(actions: readonly Action[]): string {
  if (!actions.length) return 'nothing to do\n';
  return actions.map((a) => `${describeAction(a)}    [${a.ruleId}]\n`).join('');
}

/** renderCounts renders counts as a two-column table. */
export function renderCounts(counts: Counts): string {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  if (!rows.length) return '  (nothing)\n';
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join('');
}

/** renderFailures lists failed actions with their cause. */
export function renderFailures(results: readonly ActionResult[]): string {
  return results.filter((r) => !r.ok).map((r) => `  FAILED ${describeAction(r.action)}: ${r.code ?? ''} ${r.message ?? ''}\n`).join('');
}

/** renderProblems lists per-path problems (first `max`). */
export function renderProblems(problems: readonly Problem[], max = 20): string {
  const lines = problems.slice(0, max).map((p) => `  ${p.side ? `${p.side}: ` : ''}${p.path}: ${p.code}: ${p.message}\n`);
  if (problems.length > max) lines.push(`  … and ${problems.length - max} more\n`);
  return lines.join('');
}
