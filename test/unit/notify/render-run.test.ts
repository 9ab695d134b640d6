import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Action, ActionResult } from '../../../src/model/action.js';
import type { Key } from '../../../src/model/key.js';
import { composeRunMails, conflictMails, EVENT_MAIL_LIMIT, mailReady, toMessage } from '../../../src/notify/compose.js';
import { describeAction, isEmptyRun, renderAlert, renderSummary, summaryRows, type SummaryInput } from '../../../src/notify/render-run.js';
import type { RenderContext } from '../../../src/notify/types.js';
import type { ConflictRecord } from '../../../src/model/conflict.js';

const ctx: RenderContext = { prefix: '[sw]', host: 'fileserver', left: '/l', right: '/r', runId: 'run-1' };
const base = { key: 'k' as Key, ruleId: 'r', reason: 'why' };
const COPY = { ...base, kind: 'copy', from: 'left', srcRel: 'a.txt', dstRel: 'a.txt', size: 1 } as unknown as Action;
const DELETE = { ...base, kind: 'delete', side: 'right', rel: 'old.txt', trash: true } as unknown as Action;
const RECORD = { ...base, kind: 'record' } as Action;
const ok = (action: Action): ActionResult => ({ action, ok: true, observed: [] });
const failed = (action: Action): ActionResult => ({ action, ok: false, code: 'EBUSY', message: 'resource busy or locked', observed: [] });

function report(over: Partial<SummaryInput & { dryRun: boolean }> = {}): SummaryInput & { dryRun: boolean } {
  return { runId: 'run-1', counts: {}, results: [], problems: [], conflicts: [], ms: { scan: 1, plan: 1, execute: 1, total: 2_350 }, exitCode: 0, dryRun: false, ...over };
}
const conflict = { key: 'a' as Key, rule: 'bothChanged', option: 'option1', newer: 'left', left: { rel: 'a', size: 1, mtimeMs: 0 }, right: { rel: 'a', size: 2, mtimeMs: 0 }, actions: [], status: 'settled', firstSeen: '', lastSeen: '' } as ConflictRecord;

test('summaryRows: fixed order, zero rows dropped, conflicts by rule under the total', () => {
  const rows = summaryRows({ copies: 3, deletes: 2, trashed: 1, conflicts: 3, 'conflict:bothCreated': 1, 'conflict:bothChanged': 2, failed: 1, recorded: 9 });
  assert.deepEqual(rows, [
    ['copied', '3'], ['deleted', '2'], ['of them soft-deleted (to the trash)', '1'],
    ['conflicts', '3'], ['  bothChanged', '2'], ['  bothCreated', '1'], ['failed actions', '1'],
  ]);
  assert.deepEqual(summaryRows({}), [['conflicts', '0']]);
});

test('renderSummary: counts, failed actions with their causes, problems count, duration', () => {
  const mail = renderSummary(report({
    counts: { copies: 1, renames: 2, deletes: 1, trashed: 1, failed: 1 }, exitCode: 1,
    results: [ok(COPY), ok(DELETE), failed(COPY)],
    problems: [{ path: 'x.lnk', side: 'left', code: 'symlink', message: 'not followed' }],
  }), ctx);
  assert.equal(mail.subject, '[sw] sync with failures: 1 copy, 2 renames, 1 delete, 1 failed');
  for (const re of [/copied +1/, /renamed or moved +2/, /soft-deleted \(to the trash\) +1/, /failed actions +1/,
    /problems: 1/, /duration: 2\.35 s/, /- copy left -> right a\.txt: EBUSY \(resource busy or locked\)/, /x\.lnk \[left\]: symlink/]) {
    assert.match(mail.text, re);
  }
});

test('describeAction names kind, side and path', () => {
  assert.equal(describeAction(COPY), 'copy left -> right a.txt');
  assert.equal(describeAction(DELETE), 'delete on right old.txt');
  assert.equal(describeAction(RECORD), 'record k');
});

const alerts = [
  { reason: 'rootMissing', side: 'right', examples: ['/mnt/p'], want: [/mounted/, /Example paths:\n {2}- \/mnt\/p/] },
  { reason: 'tooManyDeletes', side: 'left', examples: ['a', 'b'], want: [/--force/, /- a\n {2}- b/] },
  { reason: 'massModified', side: 'left', examples: [], want: [/DST/] },
  { reason: 'somethingNew', side: null, examples: [], want: [/--dry-run/] },
];
for (const row of alerts) {
  test(`renderAlert ${row.reason}: reason, side, message, examples, what to do`, () => {
    const mail = renderAlert({ reason: row.reason, side: row.side, message: 'the words', examples: row.examples }, ctx);
    assert.match(mail.subject, new RegExp(`^\\[sw\\] SAFETY STOP: sync halted \\(${row.reason}`));
    assert.match(mail.text, new RegExp(`reason +${row.reason}`));
    assert.match(mail.text, /message +the words/);
    assert.match(mail.text, /What to do:/);
    for (const re of row.want) assert.match(mail.text, re);
  });
}

const modes: { description: string; mode: 'perEvent' | 'summary' | 'both'; whenEmpty?: boolean; input: SummaryInput & { dryRun: boolean }; kinds: string[] }[] = [
  { description: 'both: a mail per conflict and a summary', mode: 'both', input: report({ conflicts: [conflict, conflict] }), kinds: ['conflict', 'conflict', 'summary'] },
  { description: 'perEvent: conflicts only', mode: 'perEvent', input: report({ conflicts: [conflict], results: [ok(COPY)] }), kinds: ['conflict'] },
  { description: 'summary: one mail', mode: 'summary', input: report({ conflicts: [conflict] }), kinds: ['summary'] },
  { description: 'an empty run has no summary', mode: 'both', input: report({ results: [ok(RECORD)] }), kinds: [] },
  { description: 'an empty run with summaryWhenEmpty', mode: 'summary', whenEmpty: true, input: report(), kinds: ['summary'] },
  { description: 'a failure is not empty', mode: 'summary', input: report({ results: [failed(RECORD)] }), kinds: ['summary'] },
  { description: 'a dry run mails nothing', mode: 'both', whenEmpty: true, input: report({ dryRun: true, conflicts: [conflict] }), kinds: [] },
];
for (const row of modes) {
  test(`composeRunMails ${row.description}`, () => {
    const mails = composeRunMails({ mode: row.mode, summaryWhenEmpty: !!row.whenEmpty }, row.input, ctx);
    assert.deepEqual(mails.map((m) => m.kind), row.kinds);
  });
}

test('conflictMails: past the limit, the rest share one mail', () => {
  const mails = conflictMails(Array.from({ length: EVENT_MAIL_LIMIT + 5 }, () => conflict), ctx);
  assert.equal(mails.length, EVENT_MAIL_LIMIT + 1);
  assert.match(mails.at(-1)!.rendered.subject, /5 more conflicts/);
});

test('isEmptyRun, mailReady and toMessage', () => {
  assert.equal(isEmptyRun(report({ results: [ok(RECORD)] })), true);
  assert.equal(isEmptyRun(report({ results: [ok(COPY)] })), false);
  assert.equal(mailReady({ enabled: true, to: [] }), false);
  assert.equal(mailReady({ enabled: false, to: ['a@b'] }), false);
  const msg = toMessage({ from: 'f@x', to: ['a@b'] }, { subject: 's', text: 't', html: 'h' }, 'run-9');
  assert.deepEqual(msg, { subject: 's', text: 't', html: 'h', from: 'f@x', to: ['a@b'], headers: { 'X-Syncwarden-Run': 'run-9' } });
});
