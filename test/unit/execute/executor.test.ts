import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { executePlan } from '../../../src/execute/executor.js';
import { splitPhases } from '../../../src/execute/phases.js';
import type { Action } from '../../../src/model/action.js';
import { faultyFs, type FsCall } from '../../../src/ports/faulty-fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { copyOf, deleteOf, renameOf, Sandbox } from './support.js';

const meta = { ruleId: 't', reason: 't' };

/** until resolves once `cond` holds, or throws after `ms` (so a lane that never frees up fails, not hangs). */
async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Counts copyFile calls in flight; `wait` runs inside each call, while it counts as in flight. */
function inFlight(filter: (c: FsCall) => boolean, wait: (c: FsCall) => Promise<void>) {
  const stats = { now: 0, max: 0, started: 0, ended: 0 };
  const hook = {
    op: 'copyFile' as const,
    match: filter,
    before: async (c: FsCall) => {
      stats.now++;
      stats.started++;
      stats.max = Math.max(stats.max, stats.now);
      await wait(c);
    },
    after: () => {
      stats.now--;
      stats.ended++;
    },
  };
  return { stats, hook };
}

describe('splitPhases', () => {
  it('cuts runs of one group, keeps no-I/O actions out, and allows a group to come back', () => {
    const a = (kind: Action['kind']) => ({ kind, key: 'k', ...meta }) as Action;
    const plan = [a('rename'), a('setProps'), a('record'), a('mkdir'), a('copy'), a('conflict'), a('copy'), a('delete'), a('rmdir'), a('rename')];
    const { phases, noIo } = splitPhases(plan);
    assert.deepEqual(phases.map((p) => [p.name, p.indexes]), [
      ['rename', [0, 1]], ['mkdir', [3]], ['copy', [4, 6]], ['delete', [7]], ['rmdir', [8]], ['rename', [9]],
    ]);
    assert.deepEqual(noIo, [2, 5]);
  });
});

describe('executePlan', () => {
  let sb: Sandbox;
  beforeEach(() => (sb = new Sandbox()));
  afterEach(() => sb.cleanup());

  it('runs phase by phase: nothing of the next phase starts before the slow copy settles', async () => {
    sb.write('left', 'moved.txt', 'm');
    sb.write('left', 'slow.txt', 's');
    sb.write('left', 'quick.txt', 'q');
    sb.write('right', 'gone.txt', 'g');
    sb.mkdir('right', 'empty');
    const timeline: string[] = [];
    const fs = faultyFs(nodeFs(), { hooks: [{ op: 'copyFile', match: (c) => c.path.endsWith('slow.txt'), before: () => sleep(80) }] });
    fs.hook({ op: ['rename', 'mkdir', 'copyFile', 'unlink', 'rmdir'], before: (c) => void timeline.push(`${c.op} ${c.path.split('/').pop()}`) });
    const plan: Action[] = [
      renameOf(sb, 'left', 'moved.txt', 'dir0/moved.txt'),
      { kind: 'record', key: 'same.txt', ...meta },
      { kind: 'mkdir', key: 'new', side: 'right', rel: 'new', ...meta },
      copyOf(sb, 'left', 'slow.txt'),
      copyOf(sb, 'left', 'quick.txt'),
      deleteOf(sb, 'right', 'gone.txt', false),
      { kind: 'rmdir', key: 'empty', side: 'right', rel: 'empty', ...meta },
    ];
    const settled: string[] = [];
    const onResult = (r: { action: Action }) => {
      settled.push(r.action.kind);
      timeline.push(`settled ${r.action.kind} ${'srcRel' in r.action ? r.action.srcRel : ''}`);
    };
    const results = await executePlan(plan, sb.ctx(fs, { onResult }));
    assert.deepEqual(results.map((r) => [r.action.kind, r.ok]), plan.map((a) => [a.kind, true]));
    assert.deepEqual(results[1].observed, []);
    const at = (entry: string) => timeline.findIndex((t) => t.startsWith(entry));
    assert.ok(at('rename moved.txt') < at('mkdir new'));
    assert.ok(at('mkdir new') < at('copyFile slow.txt'));
    assert.ok(at('copyFile quick.txt') < at('unlink gone.txt'));
    assert.ok(at('unlink gone.txt') < at('rmdir empty'));
    // The quick copy finished first, but the delete still waited for the slow one.
    assert.deepEqual(settled, ['record', 'rename', 'mkdir', 'copy', 'copy', 'delete', 'rmdir']);
    assert.ok(at('settled copy slow.txt') < at('unlink gone.txt'));
  });

  it('runs large files in their own lane, one at a time, alongside the small ones', async () => {
    const small = ['s1', 's2', 's3', 's4', 's5', 's6'];
    for (const n of small) sb.write('left', n, 'x');
    for (const n of ['L1', 'L2']) sb.write('left', n, 'y'.repeat(100));
    // Gates instead of timings: small copies wait until L1 is under way (so both lanes run at once), and
    // L1 waits until every small copy has settled, result and all (so a large file in a shared slot would
    // deadlock: it fails). Waiting only for their copyFile calls let L1 settle before the last small result.
    const done: string[] = [];
    const isLarge = (c: FsCall) => c.path.includes('/L');
    const largeLane = inFlight(isLarge, () => until(() => small.every((n) => done.includes(n)), 3000, 'the small copies'));
    const smallLane = inFlight((c) => !isLarge(c), () => until(() => largeLane.stats.started > 0, 3000, 'the large lane'));
    const fs = faultyFs(nodeFs(), { hooks: [smallLane.hook, largeLane.hook] });
    // Large files first in the plan: the worst case for a single shared pool.
    const plan = ['L1', 'L2', ...small].map((n) => copyOf(sb, 'left', n));
    const results = await executePlan(plan, sb.ctx(fs, {
      concurrency: 2, largeFileBytes: 10, onResult: (r) => void done.push((r.action as { srcRel: string }).srcRel),
    }));
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => r.message), []);
    assert.deepEqual([smallLane.stats.max, largeLane.stats.max], [2, 1]);
    assert.deepEqual(done.slice(0, small.length).sort(), small);
    assert.deepEqual(done.slice(small.length), ['L1', 'L2']);
  });

  it('keeps at most `concurrency` small copies and `deleteConcurrency` deletes in flight', async () => {
    const names = Array.from({ length: 9 }, (_, i) => `f${i}`);
    for (const n of names) sb.write('left', n, 'x');
    for (const n of names) sb.write('right', `old/${n}`, 'x');
    // Each call holds its slot until the allowed width was reached once, so the peak is exact, not luck.
    const copies = inFlight(() => true, () => until(() => copies.stats.max >= 3, 1000, 'three copies'));
    const fs = faultyFs(nodeFs(), { hooks: [copies.hook] });
    const deletes = { now: 0, max: 0 };
    fs.hook({
      op: 'unlink',
      before: async () => {
        deletes.max = Math.max(deletes.max, ++deletes.now);
        await until(() => deletes.max >= 2, 1000, 'two deletes');
      },
      after: () => void deletes.now--,
    });
    const plan: Action[] = [...names.map((n) => copyOf(sb, 'left', n)), ...names.map((n) => deleteOf(sb, 'right', `old/${n}`, false))];
    const results = await executePlan(plan, sb.ctx(fs, { concurrency: 3, deleteConcurrency: 2 }));
    assert.deepEqual(results.filter((r) => !r.ok).map((r) => r.message), []);
    assert.deepEqual([copies.stats.max, deletes.max], [3, 2]);
  });

  it('keeps going past failures, and surfaces an onResult error only once all actions settled', async () => {
    sb.write('left', 'a', 'a');
    sb.write('left', 'orphan/b', 'b');
    sb.write('left', 'c', 'c');
    const plan = [copyOf(sb, 'left', 'a'), copyOf(sb, 'left', 'orphan/b'), copyOf(sb, 'left', 'c')];
    const results = await executePlan(plan, sb.ctx(nodeFs(), { concurrency: 1 }));
    assert.deepEqual(results.map((r) => r.code ?? 'ok'), ['ok', 'ENOENT', 'ok']);
    assert.deepEqual(sb.names('right'), ['a', 'c']);
    const bad = { kind: 'rename', key: 'x', toKey: 'y', side: 'left', fromRel: '../escape', toRel: 'y', expect: null, ...meta } as const;
    assert.equal((await executePlan([bad], sb.ctx(nodeFs())))[0].code, 'EBADPATH');
    let calls = 0;
    await assert.rejects(
      executePlan([deleteOf(sb, 'left', 'a', false), deleteOf(sb, 'left', 'c', false)], sb.ctx(nodeFs(), {
        onResult: () => { calls++; throw new Error('caller bug'); },
      })),
      /caller bug/,
    );
    assert.equal(calls, 2);
    assert.deepEqual(sb.names('left'), ['orphan']);
  });
});
