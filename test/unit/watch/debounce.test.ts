import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { DirtyPaths, type DirtyPath } from '../../../src/watch/debounce.js';

function queue(debounceMs: number, maxWaitMs: number) {
  const batches: DirtyPath[][] = [];
  const q: DirtyPaths = new DirtyPaths({ debounceMs, maxWaitMs, onReady: () => { const b = q.take(); if (b.length) batches.push(b); } });
  return { q, batches };
}

const names = (b: DirtyPath[]) => b.map((p) => `${p.side}:${p.rel}${p.subtree ? '/**' : ''}`).sort();

describe('DirtyPaths', () => {
  it('collapses events for one path and cuts one batch after the quiet time', async () => {
    const { q, batches } = queue(60, 1000);
    q.mark('left', 'a.txt');
    await sleep(20);
    q.mark('left', 'a.txt');
    q.mark('right', 'b');
    await sleep(20);
    q.mark('left', 'dir', true);
    q.mark('left', 'dir');
    assert.equal(batches.length, 0, 'nothing before the quiet time');
    await sleep(120);
    assert.deepEqual(batches.map(names), [['left:a.txt', 'left:dir/**', 'right:b']]);
    assert.equal(q.size, 0);
  });

  it('a rename (add, then unlink 100 ms later) lands in one batch', async () => {
    const { q, batches } = queue(300, 2000);
    q.mark('left', 'new.txt');
    await sleep(100);
    q.mark('left', 'old.txt');
    await sleep(450);
    assert.deepEqual(batches.map(names), [['left:new.txt', 'left:old.txt']]);
  });

  it('under steady activity cuts a batch after maxWait, holding back the path still being written', async () => {
    const { q, batches } = queue(50, 200);
    q.mark('left', 'done.txt');
    const t0 = performance.now();
    while (performance.now() - t0 < 350) {
      q.mark('left', 'growing.log');
      await sleep(15);
    }
    assert.deepEqual(batches.map(names), [['left:done.txt']], 'the growing file waits');
    await sleep(150);
    assert.deepEqual(batches.map(names), [['left:done.txt'], ['left:growing.log']]);
  });

  it('clear drops what is waiting', async () => {
    const { q, batches } = queue(30, 100);
    q.mark('right', 'x');
    q.clear();
    await sleep(80);
    assert.equal(batches.length, 0);
    q.close();
  });
});
