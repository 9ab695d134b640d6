import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { TokenBucket } from '../../../src/service/token-bucket.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const CHUNK = 64 * 1024;

describe('TokenBucket', () => {
  it('holds the rate across takers sharing it', async () => {
    const bucket = new TokenBucket(1024 * 1024);
    const t0 = performance.now();
    // Four takers, 1.5 MiB in all: after the 0.2 s burst, 1.3 MiB must take at least 1.3 s.
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 6; i++) await bucket.take(CHUNK);
    }));
    const s = (performance.now() - t0) / 1000;
    assert.ok(s >= 1.25, `1.5 MiB at 1 MiB/s took ${s.toFixed(2)} s`);
    assert.ok(s < 2.5, `took ${s.toFixed(2)} s`);
  });

  it('is unlimited at rate 0, and lifting the limit wakes the waiters', async () => {
    const free = new TokenBucket(0);
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) await free.take(CHUNK);
    assert.ok(performance.now() - t0 < 200);
    const slow = new TokenBucket(CHUNK);
    await slow.take(CHUNK);
    const waiting = slow.take(10 * CHUNK);
    setTimeout(() => slow.setRate(0), 50);
    const t1 = performance.now();
    await waiting;
    assert.ok(performance.now() - t1 < 1000, 'a waiter under a lifted limit went on');
  });

  it('rejects a waiting taker when its signal aborts', async () => {
    const bucket = new TokenBucket(CHUNK);
    await bucket.take(CHUNK);
    const ac = new AbortController();
    const waiting = bucket.take(100 * CHUNK, ac.signal);
    setTimeout(() => ac.abort(new Error('stop')), 20);
    await assert.rejects(waiting, /stop/);
  });

  it('throttles a real copy through the file-system port', async () => {
    const dir = makeTmp();
    try {
      const data = Buffer.alloc(2 * 1024 * 1024, 7);
      writeFileSync(join(dir, 'src'), data);
      const bucket = new TokenBucket(2 * 1024 * 1024);
      const fs = nodeFs({ throttle: (n, signal) => bucket.take(n, signal) });
      const t0 = performance.now();
      await fs.copyFile(join(dir, 'src'), join(dir, 'dst'));
      const s = (performance.now() - t0) / 1000;
      // 2 MiB less the 0.4 MiB burst at 2 MiB/s.
      assert.ok(s >= 0.75, `2 MiB at 2 MiB/s took ${s.toFixed(2)} s`);
      assert.deepEqual(readFileSync(join(dir, 'dst')), data);
    } finally {
      removeTmp(dir);
    }
  });
});
