import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { fingerprint } from '../support/cli.js';
import { read, RunningService, temps, until, writeConfig } from '../support/service.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

describe('syncwarden run: safety', () => {
  it('SIGTERM mid-copy stops within 10 s, leaves no temp file, and a restart converges', async () => {
    const dir = makeTmp('sw-e2e-svc-');
    try {
      mkdirSync(join(dir, 'left'));
      mkdirSync(join(dir, 'right'));
      const big = Buffer.alloc(40 * 1024 * 1024, 1);
      writeFileSync(join(dir, 'left', 'big.bin'), big);
      writeFileSync(join(dir, 'left', 'small.txt'), 'small');
      // 4 MB/s: the 40 MB copy takes 10 s, so the stop lands in the middle of it.
      const svc = RunningService.spawn(writeConfig(dir, 'transfer: { maxBytesPerSecond: 4000000 }'), join(dir, 'state'));
      try {
        await until(() => temps(join(dir, 'right')).length > 0, 15_000, () => `no copy started: ${svc.stderr}`);
        await sleep(300);
      } finally {
        // The first pass is still copying (start has not even said "running"): the stop aborts it.
        const stop = await svc.stop('SIGTERM', 10_000);
        assert.equal(stop.code, 0, svc.stderr);
      }
      assert.equal(read(join(dir, 'state', 'service.json')), null);
      assert.deepEqual(temps(dir), [], 'no temp file anywhere');
      assert.equal(read(join(dir, 'right', 'big.bin')), null, 'no partial file under the real name');
      writeConfig(dir);
      const again = await RunningService.start(join(dir, 'config.json5'), join(dir, 'state'));
      // Same names, sizes and bytes (mtimes agree to the whole millisecond, the scanner's precision).
      const content = (root: string) => fingerprint(root).map((l) => l.split(' ').filter((_, i) => i !== 2).join(' '));
      assert.deepEqual(content(join(dir, 'right')), content(join(dir, 'left')));
      assert.equal((await again.stop()).code, 0);
    } finally {
      removeTmp(dir);
    }
  });

  it('/health turns 503 when a root disappears, nothing is deleted, and 200 when it is back', async () => {
    const dir = makeTmp('sw-e2e-svc-');
    try {
      mkdirSync(join(dir, 'left', 'docs'), { recursive: true });
      mkdirSync(join(dir, 'right'));
      for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'left', 'docs', `f${i}.txt`), `file ${i}`);
      const svc = await RunningService.start(writeConfig(dir), join(dir, 'state'));
      try {
        const right = fingerprint(join(dir, 'right'));
        assert.equal(right.length, 6);
        assert.equal((await svc.get('/health')).status, 200);
        renameSync(join(dir, 'left'), join(dir, 'left-unmounted'));
        let health = await svc.get('/health');
        for (let i = 0; i < 100 && health.status !== 503; i++) (await sleep(50), (health = await svc.get('/health')));
        assert.equal(health.status, 503);
        assert.match(health.body.why.join(' '), /left root .* missing/);
        const status = (await svc.get('/status')).body;
        assert.match(status.summary, /^not in sync: left root/);
        await sleep(1000);
        assert.deepEqual(fingerprint(join(dir, 'right')), right, 'nothing deleted while the root was gone');
        renameSync(join(dir, 'left-unmounted'), join(dir, 'left'));
        for (let i = 0; i < 200 && health.status !== 200; i++) (await sleep(50), (health = await svc.get('/health')));
        assert.equal(health.status, 200, JSON.stringify(health.body));
        writeFileSync(join(dir, 'left', 'docs', 'after.txt'), 'watched again');
        await until(() => read(join(dir, 'right', 'docs', 'after.txt')) === 'watched again');
        assert.deepEqual(readdirSync(join(dir, 'right', 'docs')).length, 6);
      } finally {
        await svc.stop();
      }
    } finally {
      removeTmp(dir);
    }
  });
});
