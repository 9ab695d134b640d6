import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/config.js';
import { applyLive, isLive, planReload, restartReason } from '../../../src/service/reload-keys.js';

const FILE = '/srv/sync/config.json5';
const config = (extra: Record<string, unknown> = {}): Config => resolveConfig({ left: '/srv/left', right: '/srv/right', stateDir: '/srv/state', ...extra }, FILE);

const rows: { description: string; edit: Record<string, unknown>; live: string[]; restart: string[] }[] = [
  { description: 'nothing changed', edit: {}, live: [], restart: [] },
  { description: 'a policy folder and a conflict option apply live', edit: { policies: { dir: 'mine' }, conflicts: { bothChanged: 'option3' } }, live: ['conflicts.bothChanged', 'policies.dir'], restart: [] },
  { description: 'bandwidth, schedules and the rescan cron apply live', edit: { transfer: { maxBytesPerSecond: 1000, schedules: [{ cron: '0 8 * * 1-5', hours: 10, maxBytesPerSecond: 10 }] }, scan: { fullRescanCron: '30 * * * *' } }, live: ['scan.fullRescanCron', 'transfer.maxBytesPerSecond', 'transfer.schedules'], restart: [] },
  { description: 'guards, mail, log level and debounce apply live', edit: { safety: { maxDeleteCount: 3 }, email: { subjectPrefix: '[x]' }, log: { level: 'debug' }, watch: { debounceMs: 900 } }, live: ['email.subjectPrefix', 'log.level', 'safety.maxDeleteCount', 'watch.debounceMs'], restart: [] },
  { description: 'roots, state, health port and log folder need a restart', edit: { right: '/srv/other', stateDir: '/srv/s2', health: { port: 9999 }, log: { dir: '/srv/logs' } }, live: [], restart: ['health.port', 'log.dir', 'right', 'stateDir'] },
  { description: 'watch mode and ignore rules need a restart (the watchers and the listings were built with them)', edit: { watch: { right: 'poll' }, ignore: ['*.bak'], softDelete: { folder: '.trash' } }, live: [], restart: ['ignore', 'softDelete.folder', 'watch.right'] },
];

for (const row of rows) {
  test(`planReload: ${row.description}`, () => {
    const plan = planReload(config(), config(row.edit));
    assert.deepEqual([...plan.live].sort(), row.live);
    assert.deepEqual([...plan.restart].sort(), row.restart);
  });
}

test('applyLive writes only the live keys into the running config object, in place', () => {
  const running = config();
  const transfer = running.transfer;
  const edited = config({ right: '/srv/other', transfer: { maxBytesPerSecond: 5 }, safety: { force: true } });
  const plan = planReload(running, edited);
  applyLive(running, edited, plan.live);
  assert.equal(running.transfer, transfer, 'the same object: whoever holds it sees the new value');
  assert.equal(running.transfer.maxBytesPerSecond, 5);
  assert.equal(running.safety.force, true);
  assert.equal(running.right, '/srv/right', 'a restart key keeps its old value');
  assert.deepEqual(planReload(running, edited), { live: [], restart: ['right'] });
});

test('isLive and restartReason: a prefix covers the keys below it, the most specific reason is given', () => {
  assert.equal(isLive('softDelete.maxSizeMB'), true);
  assert.equal(isLive('softDelete.folder'), false);
  assert.equal(isLive('log.level'), true);
  assert.equal(isLive('log.keep'), false);
  assert.match(restartReason('softDelete.folder'), /trash folder/);
  assert.match(restartReason('health.port'), /endpoint/);
});
