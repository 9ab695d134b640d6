import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { read, RunningService, until, writeConfig } from '../support/service.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

const MB = 1024 * 1024;

describe('syncwarden run: transfers', () => {
  it('a burst of 300 small files and one 150 MB file: every small file lands first, and the bandwidth limit holds', async () => {
    const dir = makeTmp('sw-e2e-svc-');
    try {
      mkdirSync(join(dir, 'left', 'small'), { recursive: true });
      mkdirSync(join(dir, 'right'));
      for (let i = 0; i < 300; i++) writeFileSync(join(dir, 'left', 'small', `f${i}.txt`), `small file ${i}`.repeat(20));
      writeFileSync(join(dir, 'left', 'big.bin'), Buffer.alloc(150 * MB, 3));
      const limit = 50 * MB;
      const t0 = Date.now();
      const svc = RunningService.spawn(writeConfig(dir, `transfer: { maxBytesPerSecond: ${limit}, largeFileMB: 100 }`), join(dir, 'state'));
      try {
        await until(() => existsSync(join(dir, 'right', 'big.bin')), 60_000, () => svc.stderr);
        const seconds = (Date.now() - t0) / 1000;
        const landed = existsSync(join(dir, 'right', 'small')) ? readdirSync(join(dir, 'right', 'small')).length : 0;
        assert.equal(landed, 300, 'every small file was there before the large one');
        // The bucket's 0.2 s burst aside, 150 MB at 50 MB/s cannot take less than 2.8 s.
        assert.ok(seconds >= 2.8, `150 MB arrived in ${seconds.toFixed(1)} s under a 50 MB/s limit`);
        await svc.ready();
      } finally {
        await svc.stop();
      }
    } finally {
      removeTmp(dir);
    }
  });

  it('a large copy runs in its own lane: edits made meanwhile land long before it', async () => {
    const dir = makeTmp('sw-e2e-svc-');
    try {
      mkdirSync(join(dir, 'left'));
      mkdirSync(join(dir, 'right'));
      writeFileSync(join(dir, 'left', 'video.bin'), Buffer.alloc(30 * MB, 5));
      // 30 MB at 4 MB/s: about 7 s in the large lane.
      const svc = await RunningService.start(writeConfig(dir, 'transfer: { maxBytesPerSecond: 4194304, largeFileMB: 10 }'), join(dir, 'state'));
      try {
        const t0 = Date.now();
        writeFileSync(join(dir, 'left', 'note.txt'), 'written while the video copies');
        writeFileSync(join(dir, 'right', 'reply.txt'), 'and from the other side');
        await until(() => read(join(dir, 'right', 'note.txt')) !== null && read(join(dir, 'left', 'reply.txt')) !== null, 5000);
        assert.equal(existsSync(join(dir, 'right', 'video.bin')), false, `the small edits landed after ${Date.now() - t0} ms, the video still copying`);
        const status = (await svc.get('/status')).body;
        assert.equal(status.backlog.large.copies, 1);
        assert.match(status.summary, /^not in sync: .*1 copy\(ies\) in progress \(30\.0 MB\)/);
        await until(() => existsSync(join(dir, 'right', 'video.bin')), 30_000);
      } finally {
        await svc.stop();
      }
    } finally {
      removeTmp(dir);
    }
  });

  it('a file appended to for 3 s is copied complete once quiet, never half-way', async () => {
    const dir = makeTmp('sw-e2e-svc-');
    try {
      mkdirSync(join(dir, 'left'));
      mkdirSync(join(dir, 'right'));
      const svc = await RunningService.start(writeConfig(dir, 'watch: { debounceMs: 300 }'), join(dir, 'state'));
      try {
        const target = join(dir, 'right', 'growing.log');
        let seenWhileWriting: string | null = null;
        let full = '';
        const t0 = Date.now();
        for (let i = 0; Date.now() - t0 < 3000; i++) {
          const line = `line ${i} ${'x'.repeat(200)}\n`;
          appendFileSync(join(dir, 'left', 'growing.log'), line);
          full += line;
          seenWhileWriting ??= read(target);
          await sleep(100);
        }
        assert.equal(seenWhileWriting, null, 'nothing was copied while the file was still being written');
        await until(() => read(target) === full, 10_000, () => `right holds ${read(target)?.length ?? 'nothing'} of ${full.length} bytes`);
      } finally {
        await svc.stop();
      }
    } finally {
      removeTmp(dir);
    }
  });
});
