import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { faultyFs } from '../../../src/ports/faulty-fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

describe('faultyFs', () => {
  let dir: string;
  beforeEach(() => (dir = makeTmp('sw-faulty-')));
  afterEach(() => removeTmp(dir));

  it('fails matching calls n times with a Node-shaped error, then lets them through', async () => {
    const fs = faultyFs(nodeFs(), { faults: [{ op: 'stat', match: (c) => c.path.endsWith('x'), code: 'EBUSY', times: 2 }] });
    const err = await fs.stat(join(dir, 'x')).catch((e: NodeJS.ErrnoException) => e);
    assert.deepEqual([(err as NodeJS.ErrnoException).code, (err as NodeJS.ErrnoException).syscall], ['EBUSY', 'stat']);
    assert.ok((err as NodeJS.ErrnoException).errno! < 0);
    await assert.rejects(fs.stat(join(dir, 'x')), { code: 'EBUSY' });
    assert.equal(await fs.stat(join(dir, 'x')), null);
    assert.equal(await fs.stat(join(dir, 'y')), null);
    assert.deepEqual(fs.calls.map((c) => c.op), ['stat', 'stat', 'stat', 'stat']);
  });

  it('fails the k-th call only, before or after the real call', async () => {
    writeFileSync(join(dir, 'a'), '1');
    const fs = faultyFs(nodeFs(), { faults: [{ op: 'rename', code: 'EIO', skip: 1, times: 1, after: true }] });
    await fs.rename(join(dir, 'a'), join(dir, 'b'));
    await assert.rejects(fs.rename(join(dir, 'b'), join(dir, 'c')), { code: 'EIO' });
    assert.notEqual(await fs.stat(join(dir, 'c')), null);
    await fs.rename(join(dir, 'c'), join(dir, 'd'));
    assert.deepEqual(fs.calls.map((c) => `${c.op} ${c.path.slice(-1)}${c.to ? ' ' + c.to.slice(-1) : ''}`), ['rename a b', 'rename b c', 'stat c', 'rename c d']);
  });

  it('runs hooks around matching calls, and accepts faults and hooks added later', async () => {
    writeFileSync(join(dir, 'a'), '1');
    const fs = faultyFs(nodeFs());
    const seen: string[] = [];
    fs.hook({ op: ['copyFile', 'unlink'], before: (c) => void seen.push(`before ${c.op}`), after: (c) => void seen.push(`after ${c.op}`) });
    await fs.copyFile(join(dir, 'a'), join(dir, 'b'));
    fs.fail({ op: 'unlink', code: 'EPERM' });
    await assert.rejects(fs.unlink(join(dir, 'b')), { code: 'EPERM' });
    assert.deepEqual(seen, ['before copyFile', 'after copyFile', 'before unlink']);
    assert.equal(typeof fs.link, 'function');
  });
});
