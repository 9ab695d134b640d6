import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config } from '../../../src/config/config.js';
import { InputError } from '../../../src/model/errors.js';
import { bandwidthAt, checkCrons, nextWindowEnd, startSchedules } from '../../../src/service/schedules.js';

const office = {
  concurrency: 4, largeFileMB: 100, maxBytesPerSecond: 0,
  // 1 MB/s during office hours, Monday to Friday; 4 MB/s on Saturday mornings.
  schedules: [{ cron: '0 8 * * 1-5', hours: 10, maxBytesPerSecond: 1_000_000 }, { cron: '0 9 * * 6', hours: 3, maxBytesPerSecond: 4_000_000 }],
};
const at = (s: string) => new Date(s);

describe('bandwidth schedules', () => {
  it('apply inside their window and give way to the default outside', () => {
    assert.equal(bandwidthAt(office, at('2026-12-02T07:59:00')), 0, 'Wednesday before 08:00');
    assert.equal(bandwidthAt(office, at('2026-12-02T08:00:00')), 1_000_000, 'the window opens at 08:00');
    assert.equal(bandwidthAt(office, at('2026-12-02T17:59:00')), 1_000_000);
    assert.equal(bandwidthAt(office, at('2026-12-02T18:00:00')), 0, 'closed at 18:00');
    assert.equal(bandwidthAt(office, at('2026-12-05T10:00:00')), 4_000_000, 'Saturday');
    assert.equal(bandwidthAt(office, at('2026-12-06T10:00:00')), 0, 'Sunday');
    assert.equal(nextWindowEnd(office, at('2026-12-02T12:00:00')), at('2026-12-02T18:00:00').getTime());
    assert.equal(nextWindowEnd(office, at('2026-12-02T19:00:00')), null);
  });

  it('a bad cron is a config error naming the field', () => {
    const config = { file: 'office.json5', scan: { fullRescanCron: '0 * * * *' }, transfer: { ...office, schedules: [{ cron: 'every morning', hours: 1, maxBytesPerSecond: 1 }] } } as unknown as Config;
    assert.throws(() => checkCrons(config), (err: unknown) => err instanceof InputError && /transfer\.schedules\[0\]\.cron/.test(err.message));
  });

  it('node-schedule fires the jobs; the limit of a window open at start is set at once', async () => {
    const now = new Date();
    const config = {
      scan: { fullRescanCron: '* * * * * *' },
      transfer: { ...office, maxBytesPerSecond: 5, schedules: [{ cron: `${now.getMinutes()} ${now.getHours()} * * *`, hours: 1, maxBytesPerSecond: 7 }] },
    } as unknown as Config;
    const rates: number[] = [];
    let rescans = 0;
    const jobs = startSchedules(config, { fullRescan: () => rescans++, purge: () => {}, rate: (r) => rates.push(r) });
    try {
      assert.deepEqual(rates, [7]);
      await new Promise((r) => setTimeout(r, 2200));
      assert.ok(rescans >= 1, 'the every-second rescan cron fired');
    } finally {
      jobs.stop();
    }
  });
});
