import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

// The blocking port (one-shot passes: synchronous small calls) must behave exactly as the asynchronous one.
for (const [name, fs] of [['nodeFs', nodeFs()], ['nodeFs, blocking', nodeFs({}, { blocking: true })]] as const) describe(name, () => {
  let dir: string;
  beforeEach(() => (dir = makeTmp('sw-nodefs-')));
  afterEach(() => removeTmp(dir));

  it('stats files, folders and symlinks without following links; null when absent', async () => {
    writeFileSync(join(dir, 'f'), 'abc');
    chmodSync(join(dir, 'f'), 0o640);
    mkdirSync(join(dir, 'd'));
    symlinkSync(join(dir, 'f'), join(dir, 'l'));
    const f = await fs.stat(join(dir, 'f'));
    assert.deepEqual({ ...f, ino: 0 }, { type: 'file', size: 3, mtimeMs: Math.floor(statSync(join(dir, 'f')).mtimeMs), mode: 0o640, ino: 0 });
    assert.equal(f!.ino, statSync(join(dir, 'f')).ino);
    assert.equal((await fs.stat(join(dir, 'd')))!.type, 'dir');
    assert.equal((await fs.stat(join(dir, 'd')))!.size, 0);
    assert.equal((await fs.stat(join(dir, 'l')))!.type, 'symlink');
    assert.equal(await fs.stat(join(dir, 'missing')), null);
    assert.equal(await fs.stat(join(dir, 'f', 'under-a-file')), null);
  });

  it('sets whole-ms mtimes that read back exactly (libuv would otherwise land 1 ms early half the time)', async () => {
    writeFileSync(join(dir, 'f'), 'x');
    for (let i = 0; i < 200; i++) {
      const ms = 1_700_000_000_000 + i * 7_919 + (i % 1000);
      await fs.setMtime(join(dir, 'f'), ms);
      assert.equal((await fs.stat(join(dir, 'f')))!.mtimeMs, ms);
    }
  });

  it('streams a copy under a bandwidth gate, reporting the bytes; copies in one call without; streams a read', async () => {
    const data = Buffer.alloc(300_000, 7);
    writeFileSync(join(dir, 'src'), data);
    let bytes = 0;
    let gated = 0;
    await nodeFs({ throttle: async (n) => void (gated += n) }).copyFile(join(dir, 'src'), join(dir, 'dst'), (n) => (bytes += n));
    assert.equal(bytes, data.length);
    assert.equal(gated, data.length);
    assert.deepEqual(readFileSync(join(dir, 'dst')), data);
    // Ungated, the copy is one fs.copyFile: it counts nothing (the executor reads the finished file's size).
    bytes = 0;
    await fs.copyFile(join(dir, 'src'), join(dir, 'dst2'), (n) => (bytes += n));
    assert.equal(bytes, 0);
    assert.deepEqual(readFileSync(join(dir, 'dst2')), data);
    // With the size as a hint, the same bytes land.
    await fs.copyFile(join(dir, 'src'), join(dir, 'dst3'), undefined, data.length);
    assert.deepEqual(readFileSync(join(dir, 'dst3')), data);
    await assert.rejects(fs.copyFile(join(dir, 'missing'), join(dir, 'dst4'), undefined, 1), { code: 'ENOENT' });
    const hash = createHash('sha256');
    for await (const chunk of fs.readStream(join(dir, 'dst'))) hash.update(chunk);
    assert.equal(hash.digest('hex'), createHash('sha256').update(data).digest('hex'));
    assert.equal(fs.native, true);
  });

  it('copies into a new file only, never over an entry already there; fs.copyFile keeps the mode, a gated stream does not say so', async () => {
    writeFileSync(join(dir, 'src'), 'new');
    chmodSync(join(dir, 'src'), 0o767); // group-writable: a umask would take that bit off
    writeFileSync(join(dir, 'there'), 'old');
    const gated = nodeFs({ throttle: async () => undefined });
    for (const port of [fs, gated]) {
      for (const size of [undefined, 3]) await assert.rejects(port.copyFile(join(dir, 'src'), join(dir, 'there'), undefined, size), { code: 'EEXIST' });
    }
    assert.equal(readFileSync(join(dir, 'there'), 'utf8'), 'old');
    await fs.copyFile(join(dir, 'src'), join(dir, 'small'), undefined, 3);
    await fs.copyFile(join(dir, 'src'), join(dir, 'unsized'));
    assert.equal(fs.copyKeepsMode, true);
    for (const name of ['small', 'unsized']) assert.equal(statSync(join(dir, name)).mode & 0o7777, 0o767, name);
    assert.equal(gated.copyKeepsMode, false);
  });

  it('lists real names with types, and keeps mkdir, rename, rmdir, unlink, chmod, link plain', async () => {
    await fs.mkdir(join(dir, 'a', 'b'), true);
    await fs.mkdir(join(dir, 'a', 'b'), true);
    await assert.rejects(fs.mkdir(join(dir, 'x', 'y')), { code: 'ENOENT' });
    writeFileSync(join(dir, 'a', 'F.txt'), '1');
    await fs.link(join(dir, 'a', 'F.txt'), join(dir, 'a', 'hard'));
    await fs.chmod(join(dir, 'a', 'hard'), 0o600);
    assert.equal((await fs.stat(join(dir, 'a', 'F.txt')))!.mode, 0o600);
    const listed = (await fs.readdir(join(dir, 'a'))).sort((x, y) => x.name.localeCompare(y.name));
    assert.deepEqual(listed, [{ name: 'b', type: 'dir' }, { name: 'F.txt', type: 'file' }, { name: 'hard', type: 'file' }]);
    await assert.rejects(fs.rmdir(join(dir, 'a')), { code: 'ENOTEMPTY' });
    await fs.rename(join(dir, 'a', 'F.txt'), join(dir, 'a', 'G.txt'));
    await fs.unlink(join(dir, 'a', 'hard'));
    await fs.rmdir(join(dir, 'a', 'b'));
    assert.deepEqual((await fs.readdir(join(dir, 'a'))).map((d) => d.name), ['G.txt']);
  });
});
