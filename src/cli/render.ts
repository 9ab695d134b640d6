import { failureCause } from '../app/audit.js';
import type { Action, ActionResult, CopyAction, DeleteAction } from '../model/action.js';
import type { Problem } from '../model/problem.js';
import type { Counts } from '../plan/summary.js';
import { humanSize } from '../text/units.js';

/** describeAction renders one planned action as a single line for people. */
export function describeAction(a: Action): string {
  const arrow = (from: string) => (from === 'left' ? 'left → right' : 'right → left');
  switch (a.kind) {
    case 'copy': return `copy     ${arrow(a.from)}  ${a.srcRel}${a.dstRel !== a.srcRel ? ` → ${a.dstRel}` : ''}  (${humanSize(a.size)}${overwriteNote(a)})`;
    case 'rename': return `rename   ${a.side}  ${a.fromRel} → ${a.toRel}`;
    case 'mkdir': return `mkdir    ${a.side}  ${a.rel}`;
    case 'delete': return `${a.trash ? 'trash ' : 'delete'}   ${a.side}  ${a.rel}${deleteNote(a)}`;
    case 'rmdir': return `rmdir    ${a.side}  ${a.rel}`;
    case 'setProps': return `props    ${a.side}  ${a.rel}${a.toRel !== a.rel ? ` → ${a.toRel}` : ''}`;
    case 'record': return `in sync  ${a.rel ?? a.key}`;
    case 'forget': return `forget   ${a.rel ?? a.key}  (gone on both sides)`;
    case 'conflict': return `conflict ${a.rel ?? a.key}  ${conflictName(a.rule, a.option)}: ${a.actions.join('; ')}`;
    case 'restore': return `restore  ${a.side}  ${a.rel}  from ${a.from}:${a.srcRel}  (${humanSize(a.size)}${a.expectDst ? (a.trashOverwritten ? ', current version to the trash' : ', current version not kept') : ''})`;
  }
}

function overwriteNote(a: CopyAction): string {
  if (!a.expectDst) return '';
  return a.trashOverwritten ? ', old version to the trash' : ', old version not kept';
}

function deleteNote(a: DeleteAction): string {
  const size = a.expect ? humanSize(a.expect.size) : '';
  if (a.trash) return size ? `  (${size})` : '';
  return `  (${size ? `${size}, ` : ''}for good: not kept in the trash)`;
}

// What each conflict option does, in the words of the config reference.
const OPTION_WORDS: Record<string, Record<string, string>> = {
  bothChanged: { option1: 'keep both', option2: 'newer wins', option3: 'touch nothing' },
  bothCreated: { option1: 'keep both', option2: 'newer wins' },
  bothPropsChanged: { option1: 'left wins', option2: 'right wins', option3: 'touch nothing' },
};

/** conflictName names a conflict and the option applied (`bothChanged option3 (touch nothing)`); a rule is named once. */
export function conflictName(rule: string, option: string): string {
  if (rule === option) return rule;
  const words = OPTION_WORDS[rule]?.[option];
  return `${rule} ${option}${words ? ` (${words})` : ''}`;
}

/** renderPlan lists a plan, one action a line with the rule that asked for it. */
export function renderPlan(actions: readonly Action[]): string {
  if (!actions.length) return 'nothing to do\n';
  return actions.map((a) => `${describeAction(a)}    [${a.ruleId}]\n`).join('');
}

// Counts in the words a person reads, in a fixed order; `deletes` counts every file delete and `trashed` those
// of them that went to the trash, so a person reads the two parts, never the same files twice.
const COUNT_WORDS: [string, string][] = [
  ['copies', 'copied'], ['renames', 'renamed or moved'], ['mkdirs', 'folders created'], ['forGood', 'deleted for good'],
  ['trashed', 'moved to the trash'], ['rmdirs', 'folders removed'], ['props', 'name case or attributes set'],
  ['recorded', 'recorded as in sync'], ['forgotten', 'forgotten (gone on both sides)'], ['conflicts', 'conflicts'],
  ['failed', 'failed'], ['safetyStop', 'safety stops'],
];

/** renderCounts renders counts as a two-column table in plain words (conflicts with their rules and how many stay open). */
export function renderCounts(counts: Counts): string {
  const c: Counts = { ...counts, forGood: (counts.deletes ?? 0) - (counts.trashed ?? 0) };
  const rows: [string, string][] = [];
  for (const [key, words] of COUNT_WORDS) {
    if (!c[key]) continue;
    rows.push([words, String(c[key]) + (key === 'conflicts' ? conflictDetail(c) : '')]);
  }
  const known = new Set([...COUNT_WORDS.map(([k]) => k), 'deletes', 'openConflicts']);
  for (const [key, n] of Object.entries(c).sort(([a], [b]) => a.localeCompare(b))) {
    if (!known.has(key) && !key.startsWith('conflict:') && n) rows.push([key, String(n)]);
  }
  if (!rows.length) return '  (nothing)\n';
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join('');
}

function conflictDetail(c: Counts): string {
  const rules = Object.keys(c).filter((k) => k.startsWith('conflict:')).sort().map((k) => `${k.slice('conflict:'.length)} ${c[k]}`);
  if (c.openConflicts) rules.push(`${c.openConflicts} left open`);
  return rules.length ? `  (${rules.join('; ')})` : '';
}

/** renderFailures lists failed actions with their cause, once each. */
export function renderFailures(results: readonly ActionResult[]): string {
  return results.filter((r) => !r.ok).map((r) => `  FAILED ${describeAction(r.action)}: ${failureCause(r.code, r.message)}; retried at the next pass\n`).join('');
}

/** renderProblems lists per-path problems (first `max`). */
export function renderProblems(problems: readonly Problem[], max = 20): string {
  const lines = problems.slice(0, max).map((p) => `  ${p.side ? `${p.side}: ` : ''}${p.path}: ${failureCause(p.code, p.message)}\n`);
  if (problems.length > max) lines.push(`  … and ${problems.length - max} more\n`);
  return lines.join('');
}
