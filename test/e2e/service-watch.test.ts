import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.js';
import { read, RunningService, until, writeConfig } from '../support/service.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

async function withService(extra: string, fn: (dir: string, svc: RunningService, config: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-e2e-svc-');
  try {
    mkdirSync(join(dir, 'left'));
    mkdirSync(join(dir, 'right'));
    writeFileSync(join(dir, 'left', 'shared.txt'), 'base');
    const config = writeConfig(dir, extra);
    const svc = await RunningService.start(config, join(dir, 'state'));
    try {
      await fn(dir, svc, config);
    } finally {
      assert.equal((await svc.stop()).code, 0, svc.stderr);
    }
  } finally {
    removeTmp(dir);
  }
}

describe('syncwarden run: watching', () => {
  it('polling mode brings right-side changes over with no watcher on that side', async () => {
    await withService("watch: { debounceMs: 150, right: 'poll', pollIntervalSec: 1 }", async (dir, svc) => {
      assert.equal((await svc.get('/status')).body.watch.right, 'poll');
      writeFileSync(join(dir, 'right', 'from-cloud.txt'), 'made in the cloud');
      await until(() => read(join(dir, 'left', 'from-cloud.txt')) === 'made in the cloud', 8000);
    });
  });

  it('resync brings over a change the service did not watch, through the running service', async () => {
    await withService("watch: { debounceMs: 150, right: 'off' }", async (dir, _svc, config) => {
      mkdirSync(join(dir, 'right', 'Reports'));
      writeFileSync(join(dir, 'right', 'Reports', 'Q4.txt'), 'unseen');
      await sleep(800);
      assert.equal(read(join(dir, 'left', 'Reports', 'Q4.txt')), null, 'no watcher on the right');
      const r = cli(['resync', 'Reports', '--config', config]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /through the running service/);
      assert.equal(read(join(dir, 'left', 'Reports', 'Q4.txt')), 'unseen', 'done when resync returns');
    });
  });

  it('a conflict made while running gets clash files on both sides and no ping-pong afterwards', async () => {
    await withService('', async (dir, svc) => {
      writeFileSync(join(dir, 'left', 'shared.txt'), 'left edit');
      writeFileSync(join(dir, 'right', 'shared.txt'), 'right edit, longer');
      await until(() => readdirSync(join(dir, 'left')).length === 2 && readdirSync(join(dir, 'right')).length === 2, 8000);
      await sleep(1500);
      const names = (side: string) => readdirSync(join(dir, side)).sort();
      assert.deepEqual(names('left'), names('right'));
      const clash = names('left').find((n) => n !== 'shared.txt')!;
      assert.match(clash, /shared/);
      assert.deepEqual([read(join(dir, 'left', 'shared.txt')), read(join(dir, 'left', clash))].sort(), ['left edit', 'right edit, longer'].sort());
      const before = (await svc.get('/status')).body;
      await sleep(1500);
      const after = (await svc.get('/status')).body;
      assert.deepEqual(after.passes, before.passes, 'no pass after things settled: no ping-pong');
      assert.equal(after.inSync, true, after.summary);
    });
  });

  it('status asks the running service first, and falls back to the state file when none runs', async () => {
    const dir = makeTmp('sw-e2e-svc-');
    try {
      mkdirSync(join(dir, 'left'));
      mkdirSync(join(dir, 'right'));
      writeFileSync(join(dir, 'left', 'a.txt'), 'a');
      const config = writeConfig(dir);
      const svc = await RunningService.start(config, join(dir, 'state'));
      try {
        // The service's own first copy comes back as a watcher event: "1 changed path(s) waiting" until its echo pass.
        let live = cli(['status', '--config', config]);
        await until(() => (live = cli(['status', '--config', config])).stdout.split('\n')[0] === 'in sync', 10_000, () => live.stdout + live.stderr);
        assert.equal(JSON.parse(cli(['status', '--json', '--config', config]).stdout).service.pid, svc.info!.pid);
      } finally {
        // Stopped whatever failed: a service left running keeps this test file's process alive.
        assert.equal((await svc.stop()).code, 0, svc.stderr);
      }
      assert.match(cli(['status', '--config', config]).stdout.split('\n')[0], /^in sync \(as of the last pass at .*; no service is running\)$/);
      mkdirSync(join(dir, 'gone'));
      writeFileSync(config, `{ left: 'left', right: 'gone/right', stateDir: 'state' }`);
      assert.match(cli(['status', '--config', config]).stdout.split('\n')[0], /^not in sync: right root .* missing/);
    } finally {
      removeTmp(dir);
    }
  });
});
