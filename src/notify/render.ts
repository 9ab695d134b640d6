import type { ConflictRecord } from '../model/conflict.js';
import { formatSize, formatTime, plural, renderSections, type Section } from './format.js';
import type { RenderContext, Rendered } from './types.js';

const RULES: Record<string, string> = {
  bothChanged: 'both sides changed the file since the last sync',
  bothCreated: 'both sides created a different file under the same name',
  bothPropsChanged: 'both sides changed the name case or attributes differently',
  typeClash: 'a file on one side, a folder on the other',
};

const OPTIONS: Record<string, string> = {
  'bothChanged/option1': 'keep both: the newer content keeps the name, the older is saved as a clash file on both sides',
  'bothChanged/option2': 'newer wins: the older content went to the trash of its side',
  'bothChanged/option3': 'touch nothing: the conflict stays open until a side changes or an admin resolves it',
  'bothCreated/option1': 'keep both: the newer content keeps the name, the older is saved as a clash file on both sides',
  'bothCreated/option2': 'newer wins: the older content went to the trash of its side',
  'bothPropsChanged/option1': "left's name and attributes win",
  'bothPropsChanged/option2': "right's name and attributes win",
  'bothPropsChanged/option3': 'touch nothing: the conflict stays open until a side changes or an admin resolves it',
};

/** conflictPath is the path a person knows a conflict by: the left spelling, else the right, else the key. */
export function conflictPath(rec: ConflictRecord): string {
  return rec.left.rel ?? rec.right.rel ?? rec.key;
}

/** renderConflict writes the mail for one new or changed conflict record (SPEC §7). */
export function renderConflict(rec: ConflictRecord, ctx: RenderContext): Rendered {
  const path = conflictPath(rec);
  const state = rec.status === 'open' ? 'open' : 'settled';
  const subject = `${ctx.prefix} conflict ${rec.rule} (${state}): ${path}`;
  const sections: Section[] = [
    {
      kind: 'table', rows: [
        ['path', path],
        ['rule', `${rec.rule}${RULES[rec.rule] ? ` (${RULES[rec.rule]})` : ''}`],
        ['option applied', `${rec.option}${OPTIONS[`${rec.rule}/${rec.option}`] ? ` (${OPTIONS[`${rec.rule}/${rec.option}`]})` : ''}`],
        ['newer side', rec.newer === 'same' ? 'neither (same modification time)' : rec.newer],
        ['status', statusWords(rec)],
      ],
    },
    {
      kind: 'table', head: ['side', 'path', 'size', 'modified'], rows: [
        ['left', rec.left.rel ?? '-', formatSize(rec.left.size), formatTime(rec.left.mtimeMs)],
        ['right', rec.right.rel ?? '-', formatSize(rec.right.size), formatTime(rec.right.mtimeMs)],
      ],
    },
    { kind: 'list', title: 'Actions taken:', items: rec.actions.length ? rec.actions : ['none'] },
  ];
  return renderSections(subject, `Conflict ${rec.rule} on ${path}`, sections, footer(ctx));
}

/** renderConflictOverflow writes one mail listing the conflicts beyond the per-run limit of single mails. */
export function renderConflictOverflow(recs: readonly ConflictRecord[], ctx: RenderContext): Rendered {
  const subject = `${ctx.prefix} ${plural(recs.length, 'more conflict')} in run ${ctx.runId}`;
  const sections: Section[] = [
    { kind: 'para', text: 'This run found more conflicts than get a mail of their own; the rest are listed here. `syncwarden conflicts` shows them all.' },
    {
      kind: 'table', head: ['path', 'rule', 'option', 'newer', 'status'],
      rows: recs.map((r) => [conflictPath(r), r.rule, r.option, r.newer, r.status]),
    },
  ];
  return renderSections(subject, `${plural(recs.length, 'more conflict')}`, sections, footer(ctx));
}

/** renderTest writes the message `syncwarden mail-test` sends. */
export function renderTest(ctx: RenderContext, smtp: string): Rendered {
  const sections: Section[] = [
    { kind: 'para', text: `This is a test message from syncwarden, sent through ${smtp}. Conflict mails, run summaries and safety alerts will arrive the same way.` },
  ];
  return renderSections(`${ctx.prefix} test message`, 'syncwarden mail test', sections, footer(ctx));
}

/** footer names the host, the roots and the run, so a mail from one of several installations can be placed. */
export function footer(ctx: RenderContext): string {
  return `syncwarden on ${ctx.host}: ${ctx.left} <-> ${ctx.right}, run ${ctx.runId}`;
}

function statusWords(rec: ConflictRecord): string {
  if (rec.status === 'open') return `open since ${rec.firstSeen}: nothing was touched; settle it with syncwarden resolve "${conflictPath(rec)}" --keep left|right|both`;
  return `settled${rec.settledBy ? ` (${rec.settledBy})` : ''}`;
}
