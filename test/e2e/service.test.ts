import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fingerprint } from '../support/cli.js';
import { read, RunningService, trashed, until, writeConfig } from '../support/service.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

function setup(extra = ''): { dir: string; config: string; left: string; right: string; state: string } {
  const dir = makeTmp('sw-e2e-svc-');
  const left = join(dir, 'left');
  const right = join(dir, 'right');
  mkdirSync(join(left, 'docs'), { recursive: true });
  mkdirSync(right);
  writeFileSync(join(left, 'docs', 'a.txt'), 'from left');
  writeFileSync(join(right, 'b.txt'), 'from right');
  return { dir, config: writeConfig(dir, extra), left, right, state: join(dir, 'state') };
}

describe('syncwarden run', () => {
  // `auto` is one fs.watch per folder here (Linux); chokidar is what `auto` takes on Windows and stays selectable.
  for (const backend of ['auto', 'chokidar'] as const) it(`keeps two folders in sync as they are edited: new, edit and delete (to the trash) both ways (watch.backend ${backend})`, async () => {
    const { dir, config, left, right, state } = setup(`watch: { debounceMs: 150, backend: '${backend}' },`);
    const svc = await RunningService.start(config, state);
    try {
      assert.equal(read(join(right, 'docs', 'a.txt')), 'from left', 'the first pass is a union');
      assert.equal(read(join(left, 'b.txt')), 'from right');
      writeFileSync(join(left, 'docs', 'new.txt'), 'new on left');
      writeFileSync(join(right, 'fresh.txt'), 'new on right');
      await until(() => read(join(right, 'docs', 'new.txt')) === 'new on left' && read(join(left, 'fresh.txt')) === 'new on right');
      appendFileSync(join(left, 'docs', 'a.txt'), ', edited');
      appendFileSync(join(right, 'b.txt'), ', edited');
      await until(() => read(join(right, 'docs', 'a.txt')) === 'from left, edited' && read(join(left, 'b.txt')) === 'from right, edited');
      rmSync(join(left, 'docs', 'new.txt'));
      rmSync(join(right, 'fresh.txt'));
      await until(() => read(join(right, 'docs', 'new.txt')) === null && read(join(left, 'fresh.txt')) === null, 10_000, () => svc.stderr);
      // The trash keeps the deleted files and the versions the edits overwrote (softDelete.onOverwrite).
      assert.deepEqual(trashed(right), ['docs/a.txt', 'docs/new.txt']);
      assert.deepEqual(trashed(left), ['b.txt', 'fresh.txt']);
      const health = await svc.get('/health');
      assert.equal(health.status, 200, JSON.stringify(health.body));
      const stop = await svc.stop('SIGTERM');
      assert.equal(stop.code, 0, svc.stderr);
      assert.match(svc.stdout, /stopped/);
      assert.equal(readdirSync(state).includes('service.json'), false, 'service.json is removed on a clean stop');
    } finally {
      await svc.stop().catch(() => undefined);
      removeTmp(dir);
    }
  });

  it('demo --watch (npm start) creates the demo folders, says what to try, and stops on Ctrl+C', async () => {
    const dir = makeTmp('sw-e2e-svc-');
    try {
      const config = writeConfig(dir).replace(/config\.json5$/, 'demo.json5');
      writeFileSync(config, `{ left: 'demo/left', right: 'demo/right', stateDir: 'demo/state', log: { dir: 'demo/logs' }, health: { port: 0 } }`);
      const svc = RunningService.spawn(config, join(dir, 'demo', 'state'), ['demo', '--watch']);
      try {
        await svc.ready();
        assert.match(svc.stdout, /created demo folder/);
        assert.match(svc.stdout, /try it: edit or add a file in .*demo\/left/);
        assert.match(svc.stdout, /health: http:\/\/127\.0\.0\.1:\d+\/health/);
        assert.equal(read(join(dir, 'demo', 'right', 'Welcome.txt')) !== null, true, 'the first pass synced the samples');
      } finally {
        assert.equal((await svc.stop('SIGINT')).code, 0, svc.stderr);
      }
    } finally {
      removeTmp(dir);
    }
  });

  it('a restart with nothing changed touches nothing', async () => {
    const { dir, config, left, right, state } = setup();
    try {
      let svc = await RunningService.start(config, state);
      assert.equal((await svc.stop('SIGINT')).code, 0, svc.stderr);
      const before = [fingerprint(left), fingerprint(right)];
      svc = await RunningService.start(config, state);
      const status = (await svc.get('/status')).body;
      assert.deepEqual(status.lastFullPass.counts, {}, 'the start pass did nothing');
      assert.equal(status.inSync, true, status.summary);
      assert.equal((await svc.stop()).code, 0);
      assert.deepEqual([fingerprint(left), fingerprint(right)], before);
    } finally {
      removeTmp(dir);
    }
  });
});
