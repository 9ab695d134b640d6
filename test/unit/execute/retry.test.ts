import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { executePlan } from '../../../src/execute/executor.js';
import { backoffMs } from '../../../src/execute/retry.js';
import { faultyFs } from '../../../src/ports/faulty-fs.js';
import { copyOf, deleteOf, runOne, Sandbox, VARIANTS } from './support.js';

describe('backoffMs', () => {
  it('doubles from the base and stops at the cap', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(n, 100)), [100, 200, 400, 800]);
    assert.equal(backoffMs(20, 100), 30_000);
    assert.equal(backoffMs(3, 100, 250), 250);
  });
});

for (const variant of VARIANTS) {
  describe(`locked files (${variant.name})`, () => {
    let sb: Sandbox;
    beforeEach(() => (sb = new Sandbox()));
    afterEach(() => sb.cleanup());

    it('retries EBUSY with backoff and succeeds on the third try', async () => {
      sb.write('left', 'locked.docx', 'x');
      const fs = faultyFs(variant.make(), { faults: [{ op: 'unlink', code: 'EBUSY', times: 2 }] });
      const started = Date.now();
      const result = await runOne(deleteOf(sb, 'left', 'locked.docx', false), sb.ctx(fs, { retry: { attempts: 3, baseMs: 20 } }));
      assert.equal(result.ok, true, result.message);
      assert.equal(fs.calls.filter((c) => c.op === 'unlink').length, 3);
      assert.ok(Date.now() - started >= 55, 'waited 20 + 40 ms');
      assert.deepEqual(sb.names('left'), []);
    });

    it('retries a copy whose rename over a locked target fails, leaving no temp file between tries', async () => {
      sb.write('left', 'a.xlsx', 'new');
      sb.write('right', 'a.xlsx', 'old version');
      const fs = faultyFs(variant.make(), { faults: [{ op: 'rename', match: (c) => c.to?.endsWith('a.xlsx') === true, code: 'EPERM', times: 2 }] });
      const result = await runOne(copyOf(sb, 'left', 'a.xlsx'), sb.ctx(fs));
      assert.equal(result.ok, true, result.message);
      assert.equal(sb.read('right', 'a.xlsx'), 'new');
      assert.deepEqual(sb.temps(), []);
    });

    it('gives up with the errno after the attempts, and the other actions still run', async () => {
      sb.write('left', 'open.docx', 'x');
      sb.write('left', 'free.txt', 'y');
      const fs = faultyFs(variant.make(), { faults: [{ op: 'unlink', match: (c) => c.path.endsWith('open.docx'), code: 'EBUSY' }] });
      const [locked, free] = await executePlan(
        [deleteOf(sb, 'left', 'open.docx', false), deleteOf(sb, 'left', 'free.txt', false)],
        sb.ctx(fs, { retry: { attempts: 4, baseMs: 1 } }),
      );
      assert.deepEqual([locked.ok, locked.code, locked.observed], [false, 'EBUSY', []]);
      assert.match(locked.message!, /after 4 tries/);
      assert.equal(fs.calls.filter((c) => c.op === 'unlink' && c.path.endsWith('open.docx')).length, 4);
      assert.equal(free.ok, true);
      assert.deepEqual(sb.names('left'), ['open.docx']);
    });

    it('does not retry other errors, nor a changed path', async () => {
      sb.write('left', 'a.txt', 'x');
      const fs = faultyFs(variant.make(), { faults: [{ op: 'unlink', code: 'EIO' }] });
      const result = await runOne(deleteOf(sb, 'left', 'a.txt', false), sb.ctx(fs));
      assert.deepEqual([result.code, fs.calls.filter((c) => c.op === 'unlink').length], ['EIO', 1]);
      const action = deleteOf(sb, 'left', 'a.txt', false);
      sb.write('left', 'a.txt', 'edited');
      const statsBefore = fs.calls.length;
      assert.equal((await runOne(action, sb.ctx(fs))).code, 'changed');
      assert.equal(fs.calls.length - statsBefore, 1);
    });

    it('stops waiting and starting actions when the signal aborts', async () => {
      sb.write('left', 'a.txt', 'x');
      sb.write('left', 'b.txt', 'y');
      const fs = faultyFs(variant.make(), { faults: [{ op: 'unlink', code: 'EBUSY' }] });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 30);
      const started = Date.now();
      const results = await executePlan(
        [deleteOf(sb, 'left', 'a.txt', false), { kind: 'rmdir', key: 'd', ruleId: 't', reason: 't', side: 'left', rel: 'd' }],
        sb.ctx(fs, { retry: { attempts: 10, baseMs: 10_000 }, signal: abort.signal }),
      );
      assert.ok(Date.now() - started < 2000);
      assert.deepEqual(results.map((r) => r.code), ['EBUSY', 'aborted']);
    });
  });
}
