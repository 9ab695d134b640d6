import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, it } from 'node:test';
import { ensureDir } from '../../../src/execute/dirs.js';
import { absPath, sameEntryName } from '../../../src/execute/paths.js';
import { withSuffix } from '../../../src/execute/trash.js';
import { stampMismatch } from '../../../src/execute/precheck.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { Sandbox } from './support.js';

describe('execute paths', () => {
  it('maps rels onto the root and refuses any that could leave it', () => {
    assert.equal(absPath('/r', 'a/b.txt'), join('/r', 'a', 'b.txt'));
    for (const bad of ['', '../x', 'a/../../x', 'a//b', './a', 'a/']) {
      assert.throws(() => absPath('/r', bad), { code: 'EBADPATH' }, bad);
    }
    if (sep === '/') assert.equal(absPath('/r', 'odd\\name'), '/r/odd\\name');
  });

  it('adds trash suffixes before the last extension, never to a leading dot', () => {
    assert.deepEqual(
      ['a/b.txt', 'a.tar.gz', '.gitignore', 'README'].map((r) => withSuffix(r, 2)),
      ['a/b_2.txt', 'a.tar_2.gz', '.gitignore_2', 'README_2'],
    );
  });

  it('names one entry across case and Unicode form', () => {
    assert.ok(sameEntryName('Café/A.txt', 'cafe\u0301/a.TXT'));
    assert.ok(!sameEntryName('a.txt', 'b.txt'));
  });

  it('compares files by type, size and mtime, and folders by type only', () => {
    const file = { type: 'file', size: 3, mtimeMs: 1000, mode: 0o644, ino: 1 } as const;
    assert.equal(stampMismatch(file, { type: 'file', size: 3, mtimeMs: 1000 }), null);
    assert.match(stampMismatch(file, { type: 'file', size: 3, mtimeMs: 999 })!, /mtime/);
    assert.match(stampMismatch(null, { type: 'file', size: 3, mtimeMs: 1000 })!, /gone/);
    assert.match(stampMismatch(file, null)!, /appeared/);
    assert.equal(stampMismatch({ ...file, type: 'dir', size: 0, mtimeMs: 5 }, { type: 'dir', size: 0, mtimeMs: 1 }), null);
  });

  it('creates missing folders under the root, but never a vanished root', async () => {
    const sb = new Sandbox();
    try {
      const io = (root: string) => ({ side: 'left' as const, fs: nodeFs(), root, abs: (rel: string) => absPath(root, rel) });
      await ensureDir(io(sb.roots.left), 'a/b/c');
      assert.ok(existsSync(join(sb.roots.left, 'a', 'b', 'c')));
      const unmounted = join(sb.tmp, 'P-drive');
      await assert.rejects(ensureDir(io(unmounted), 'a/b'), { code: 'ENOENT' });
      assert.equal(existsSync(unmounted), false);
    } finally {
      sb.cleanup();
    }
  });
});
