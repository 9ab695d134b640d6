process.env.TZ = 'UTC';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConflictRecord } from '../../../src/model/conflict.js';
import type { Key } from '../../../src/model/key.js';
import { escapeHtml, formatSize, formatTime } from '../../../src/notify/format.js';
import { renderConflict, renderConflictOverflow } from '../../../src/notify/render.js';
import type { RenderContext } from '../../../src/notify/types.js';

const ctx: RenderContext = { prefix: '[sw]', host: 'fileserver', left: '/l', right: '/r', runId: '20261125-071203-abcd1234' };
const T1 = Date.UTC(2026, 10, 20, 10, 0, 0);
const T2 = Date.UTC(2026, 10, 21, 9, 30, 5);

function conflict(over: Partial<ConflictRecord> = {}): ConflictRecord {
  return {
    key: 'docs/report.docx' as Key, rule: 'bothChanged', option: 'option1', newer: 'right',
    left: { rel: 'docs/Report.docx', size: 1234, mtimeMs: T1 },
    right: { rel: 'docs/report.docx', size: 5_000_000, mtimeMs: T2 },
    actions: ['left: docs/Report.docx saved as docs/Report_clash_202611201000.docx'],
    status: 'settled', firstSeen: '2026-11-25T07:12:03.000Z', lastSeen: '2026-11-25T07:12:03.000Z', settledBy: 'policy option1',
    ...over,
  };
}

test('formatSize and formatTime: exact bytes plus MB of 1,048,576; local time with its offset', () => {
  const rows: [number | null, string][] = [
    [null, 'absent'], [0, '0 bytes'], [1023, '1,023 bytes'], [1536, '1,536 bytes (1.5 KB)'],
    [5_000_000, '5,000,000 bytes (4.8 MB)'], [3 * 1024 ** 3, '3,221,225,472 bytes (3.0 GB)'],
  ];
  for (const [bytes, want] of rows) assert.equal(formatSize(bytes), want, String(bytes));
  assert.equal(formatTime(T1), '2026-11-20 10:00:00 +00:00');
  assert.equal(formatTime(null), 'absent');
  assert.equal(escapeHtml(`<a href="x">&'`), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
});

const rows: { description: string; rec: ConflictRecord; subject: RegExp; text: RegExp[] }[] = [
  {
    description: 'keep both: path, rule, option, newer side, both sizes and mtimes, actions',
    rec: conflict(),
    subject: /^\[sw\] conflict bothChanged \(settled\): docs\/Report\.docx$/,
    text: [
      /path +docs\/Report\.docx/, /rule +bothChanged \(both sides changed/, /option applied +option1 \(keep both/,
      /newer side +right/, /left +docs\/Report\.docx +1,234 bytes \(1\.2 KB\) +2026-11-20 10:00:00 \+00:00/,
      /right +docs\/report\.docx +5,000,000 bytes \(4\.8 MB\) +2026-11-21 09:30:05 \+00:00/,
      /Actions taken:\n {2}- left: docs\/Report\.docx saved as docs\/Report_clash_202611201000\.docx/,
      /settled \(policy option1\)/, /run 20261125-071203-abcd1234/,
    ],
  },
  {
    description: 'open option3: says nothing was touched and how to resolve',
    rec: conflict({ option: 'option3', status: 'open', actions: [], settledBy: undefined }),
    subject: /conflict bothChanged \(open\)/,
    text: [/touch nothing/, /resolve "docs\/Report\.docx" --keep left\|right\|both/, /Actions taken:\n {2}- none/],
  },
  {
    description: 'a side absent (type clash, unknown rule text) still renders',
    rec: conflict({ rule: 'typeClash', option: 'typeClash', newer: 'same', right: { rel: null, size: null, mtimeMs: null } }),
    subject: /conflict typeClash/,
    text: [/right +- +absent +absent/, /newer side +neither/, /option applied +typeClash$/m],
  },
];

for (const row of rows) {
  test(`renderConflict: ${row.description}`, () => {
    const mail = renderConflict(row.rec, ctx);
    assert.match(mail.subject, row.subject);
    for (const re of row.text) assert.match(mail.text, re);
    assert.match(mail.html, /<table/);
    assert.doesNotMatch(mail.html, /<td[^>]*>[^<]*[<>"][^<]*<\/td>/);
  });
}

test('renderConflict escapes names in HTML', () => {
  const mail = renderConflict(conflict({ left: { rel: '<b>x</b>.txt', size: 1, mtimeMs: T1 } }), ctx);
  assert.match(mail.html, /&#60;b&#62;x&#60;\/b&#62;\.txt/);
  assert.doesNotMatch(mail.html, /<b>x/);
});

test('renderConflictOverflow lists every remaining conflict', () => {
  const recs = ['a', 'b', 'c'].map((p) => conflict({ key: p as Key, left: { rel: p, size: 1, mtimeMs: T1 } }));
  const mail = renderConflictOverflow(recs, ctx);
  assert.match(mail.subject, /3 more conflicts/);
  for (const p of ['a', 'b', 'c']) assert.match(mail.text, new RegExp(`^${p} +bothChanged`, 'm'));
});
