import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSince } from '../../../src/cli/commands/history.js';
import { renderCounts } from '../../../src/cli/render.js';
import { InputError } from '../../../src/model/errors.js';

const NOW = new Date('2026-11-25T12:00:00Z');

test('parseSince reads durations back from now, and dates as local times', () => {
  const rows: [string, string][] = [
    ['30m', '2026-11-25T11:30:00.000Z'],
    ['24h', '2026-11-24T12:00:00.000Z'],
    ['7d', '2026-11-18T12:00:00.000Z'],
    ['2w', '2026-11-11T12:00:00.000Z'],
    ['90s', '2026-11-25T11:58:30.000Z'],
    ['2026-11-25T08:00:00Z', '2026-11-25T08:00:00.000Z'],
  ];
  for (const [text, iso] of rows) assert.equal(parseSince(text, NOW).toISOString(), iso, text);
  const midnight = parseSince('2026-11-20', NOW);
  assert.deepEqual([midnight.getFullYear(), midnight.getMonth(), midnight.getDate(), midnight.getHours()], [2026, 10, 20, 0], 'a bare date is local midnight');
  assert.throws(() => parseSince('yesterday', NOW), (err: InputError) => err.errors[0].field === '--since');
});

test('renderCounts reads each delete once: to the trash or for good; conflicts with their rules', () => {
  const text = renderCounts({ copies: 2, deletes: 3, trashed: 2, conflicts: 2, 'conflict:bothChanged': 1, 'conflict:typeClash': 1, openConflicts: 1 });
  assert.equal(text, [
    '  copied              2',
    '  deleted for good    1',
    '  moved to the trash  2',
    '  conflicts           2  (bothChanged 1; typeClash 1; 1 left open)',
    '',
  ].join('\n'));
  assert.equal(renderCounts({}), '  (nothing)\n');
});
