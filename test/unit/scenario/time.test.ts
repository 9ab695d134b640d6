import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EPOCH, formatTime, parseTime, sameSecond } from '../../../src/scenario/time.js';

const rows = [
  { text: '+0s', ms: EPOCH, description: 'the epoch itself' },
  { text: '+90s', ms: EPOCH + 90_000, description: 'seconds' },
  { text: '-2m', ms: EPOCH - 120_000, description: 'minutes before' },
  { text: '+1h', ms: EPOCH + 3_600_000, description: 'hours' },
  { text: '+1d', ms: EPOCH + 86_400_000, description: 'days' },
  { text: '2026-11-25T04:12:00', ms: EPOCH, description: 'absolute UTC time' },
  { text: '2026-11-25T05:12', ms: EPOCH + 3_600_000, description: 'absolute without seconds' },
];
for (const row of rows) {
  test(`parseTime: ${row.description}`, () => assert.equal(parseTime(row.text), row.ms));
}

test('parseTime refuses what is not a scenario time', () => {
  for (const bad of ['1h', '+1y', '2026-02-30T00:00', 'yesterday', '+1.5h', '2026-11-25 04:12']) assert.equal(parseTime(bad), undefined, bad);
});

test('formatTime picks the largest exact unit, and far times as absolute UTC', () => {
  assert.equal(formatTime(EPOCH), '+0s');
  assert.equal(formatTime(EPOCH + 90_000), '+90s');
  assert.equal(formatTime(EPOCH - 7_200_000), '-2h');
  assert.equal(formatTime(EPOCH + 86_400_000 * 2), '+2d');
  assert.equal(formatTime(Date.UTC(2020, 0, 1, 10, 0, 0)), '2020-01-01T10:00:00');
});

test('formatTime and parseTime round-trip', () => {
  for (const ms of [EPOCH + 61_000, EPOCH - 3_600_000, Date.UTC(2024, 5, 1)]) assert.equal(parseTime(formatTime(ms)), ms);
});

test('sameSecond ignores sub-second noise only', () => {
  assert.ok(sameSecond(EPOCH, EPOCH + 400));
  assert.ok(!sameSecond(EPOCH, EPOCH + 1000));
});
