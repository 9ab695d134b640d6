import type { SyncReport } from '../app/sync-pass.js';
import type { Action } from '../model/action.js';
import { formatDuration, plural, renderSections, type Row, type Section } from './format.js';
import { footer } from './render.js';
import type { RenderContext, Rendered } from './types.js';

/** SummaryInput is the part of a SyncReport a summary mail reads. */
export type SummaryInput = Pick<SyncReport, 'runId' | 'counts' | 'results' | 'problems' | 'conflicts' | 'ms' | 'exitCode' | 'recovered'>;

/** StopInput is what a safety-stop alert says: the guard's reason, side, words and example paths. */
export interface StopInput {
  reason: string;
  side: string | null;
  message: string;
  examples: string[];
}

const LABELS: [string, string][] = [
  ['copies', 'copied'], ['renames', 'renamed or moved'], ['mkdirs', 'folders created'], ['deletes', 'deleted'],
  ['trashed', 'of them soft-deleted (to the trash)'], ['rmdirs', 'folders removed'], ['props', 'name case or attributes set'],
  ['conflicts', 'conflicts'], ['openConflicts', 'conflicts left open'], ['failed', 'failed actions'],
  ['hashed', 'files hashed'], ['hashedBytes', 'bytes read to hash'],
  ['compared', 'same-size files read on both sides to compare'], ['comparedBytes', 'bytes read to compare (from a cloud drive: downloaded)'],
];
const LISTED = 50;

/** isEmptyRun tells whether a pass did nothing worth a summary: no action with an effect, no failure, problem or conflict. */
export function isEmptyRun(report: SummaryInput): boolean {
  const acted = report.results.some((r) => !r.ok || (r.action.kind !== 'record' && r.action.kind !== 'forget'));
  return !acted && report.problems.length === 0 && report.conflicts.length === 0 && !report.recovered;
}

/** summaryRows lists the counts of a pass in a fixed order, conflicts by rule right after the conflict total. */
export function summaryRows(counts: Readonly<Record<string, number>>): Row[] {
  const rows: Row[] = [];
  for (const [name, label] of LABELS) {
    if (name !== 'conflicts' && !counts[name]) continue;
    rows.push([label, String(counts[name] ?? 0)]);
    if (name !== 'conflicts') continue;
    for (const rule of Object.keys(counts).filter((k) => k.startsWith('conflict:')).sort()) {
      rows.push([`  ${rule.slice('conflict:'.length)}`, String(counts[rule])]);
    }
  }
  return rows;
}

/** renderSummary writes the per-run summary mail (SPEC §7). */
export function renderSummary(report: SummaryInput, ctx: RenderContext): Rendered {
  const failed = report.results.filter((r) => !r.ok);
  const sections: Section[] = [{ kind: 'table', head: ['what', 'count'], rows: summaryRows(report.counts) }];
  sections.push({ kind: 'para', text: `problems: ${report.problems.length}\nduration: ${formatDuration(report.ms.total)}` });
  if (report.recovered) {
    sections.push({ kind: 'para', text: `The state file was unreadable (${report.recovered.reason}: ${report.recovered.detail}) and set aside as ${report.recovered.setAsideAs ?? '(not moved)'}; this pass was a safe union (nothing deleted).` });
  }
  if (failed.length) {
    const items = failed.slice(0, LISTED).map((r) => `${describeAction(r.action)}: ${r.code ?? 'error'}${r.message ? ` (${r.message})` : ''}`);
    if (failed.length > LISTED) items.push(`… and ${failed.length - LISTED} more (see the log, run ${report.runId})`);
    sections.push({ kind: 'list', title: 'Failed actions (retried at the next pass):', items });
  }
  if (report.problems.length) {
    const items = report.problems.slice(0, LISTED).map((p) => `${p.path || '(root)'}${p.side ? ` [${p.side}]` : ''}: ${p.code}: ${p.message}`);
    if (report.problems.length > LISTED) items.push(`… and ${report.problems.length - LISTED} more`);
    sections.push({ kind: 'list', title: 'Problems:', items });
  }
  return renderSections(`${ctx.prefix} ${headline(report)}`, `Sync run ${report.runId}`, sections, footer(ctx));
}

/** renderAlert writes the mail for a safety stop: what stopped the pass, and what an admin should do. */
export function renderAlert(stop: StopInput, ctx: RenderContext): Rendered {
  const rows: Row[] = [['reason', stop.reason], ['side', stop.side ?? '-'], ['message', stop.message]];
  const sections: Section[] = [
    { kind: 'para', text: 'The sync pass stopped before changing anything. Nothing is synced until the cause is fixed; nothing is lost meanwhile.' },
    { kind: 'table', rows },
  ];
  if (stop.examples.length) sections.push({ kind: 'list', title: 'Example paths:', items: stop.examples.slice(0, 10) });
  sections.push({ kind: 'list', title: 'What to do:', items: advice(stop.reason) });
  const subject = `${ctx.prefix} SAFETY STOP: sync halted (${stop.reason}${stop.side ? `, ${stop.side}` : ''})`;
  return renderSections(subject, `Safety stop: ${stop.reason}`, sections, footer(ctx));
}

/** describeAction names an action in a few words: what, on which side, which path. */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'copy': return `copy ${action.from} -> ${action.from === 'left' ? 'right' : 'left'} ${action.dstRel}`;
    case 'rename': return `rename on ${action.side} ${action.fromRel} -> ${action.toRel}`;
    case 'setProps': return `set name/attributes on ${action.side} ${action.rel}`;
    case 'mkdir': case 'rmdir': case 'delete': return `${action.kind} on ${action.side} ${action.rel}`;
    case 'restore': return `restore on ${action.side} ${action.rel}`;
    default: return `${action.kind} ${action.key}`;
  }
}

function headline(report: SummaryInput): string {
  const c = report.counts;
  const parts = [
    c.copies ? plural(c.copies, 'copy', 'copies') : '', c.renames ? plural(c.renames, 'rename') : '',
    c.deletes ? plural(c.deletes, 'delete') : '', c.conflicts ? plural(c.conflicts, 'conflict') : '',
    c.failed ? `${c.failed} failed` : '',
  ].filter(Boolean);
  const what = report.exitCode === 1 ? 'sync with failures' : 'sync done';
  return `${what}: ${parts.length ? parts.join(', ') : 'no changes'}`;
}

function advice(reason: string): string[] {
  const rerun = 'Then run `syncwarden sync` (or wait for the next scheduled pass); it continues where it stopped.';
  switch (reason) {
    case 'rootMissing': case 'rootUnreadable': case 'rootEmpty': case 'sentinelMissing':
      return [
        'Check that both folders exist and the drive is mounted (pCloud Drive running), and visible to the account syncwarden runs as (a service does not see a drive letter mapped in a user session).',
        rerun,
      ];
    case 'tooManyDeletes':
      return [
        'Check the example paths: were these files really deleted on purpose? If not, restore them or check the mount.',
        'If the deletes are intended, run `syncwarden sync --force` once.',
      ];
    case 'massModified':
      return [
        'Nearly every file looks modified: usually a time-zone or DST shift, or a restored backup. Look at `syncwarden sync --dry-run`.',
        'If the plan is right, run `syncwarden sync --force` once.',
      ];
    default:
      return ['Look at `syncwarden sync --dry-run` and the log of this run.', rerun];
  }
}
