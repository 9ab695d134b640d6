import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChange, readTrash, readTree, WRITE_OFFSET_MS, writeTree } from '../../../src/scenario/disk.js';
import { EPOCH } from '../../../src/scenario/time.js';
import { flattenTree } from '../../../src/scenario/tree.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const posix = process.platform !== 'win32';

test('writeTree then readTree round-trips contents, mtimes (epoch by default) and modes', () => {
  const root = makeTmp();
  try {
    const side = join(root, 'side');
    writeTree(side, flattenTree({ 'a.txt': 'A', 'sub/': { 'b.txt': { content: 'B', mtime: '+1h', mode: '600' }, 'empty/': {} } }));
    const read = readTree(side);
    assert.deepEqual([...read.keys()], ['a.txt', 'sub', 'sub/b.txt', 'sub/empty']);
    const a = read.get('a.txt') as { content: string; mtimeMs: number; mode: number };
    assert.equal(a.content, 'A');
    assert.equal(a.mtimeMs, EPOCH);
    if (posix) assert.equal(a.mode, 0o644);
    const b = read.get('sub/b.txt') as { mtimeMs: number; mode: number };
    assert.equal(b.mtimeMs, EPOCH + 3_600_000);
    if (posix) assert.equal(b.mode, 0o600);
  } finally {
    removeTmp(root);
  }
});

test('readTree leaves out the named top-level entries only', () => {
  const root = makeTmp();
  try {
    mkdirSync(join(root, '.sync_trash'));
    mkdirSync(join(root, 'sub', '.sync_trash'), { recursive: true });
    assert.deepEqual([...readTree(root, ['.sync_trash', '.syncwarden-test-root']).keys()], ['sub', 'sub/.sync_trash']);
  } finally {
    removeTmp(root);
  }
});

test('applyChange: write (default mtime an hour on), touch, rename into a new folder, chmod, mkdir, delete', () => {
  const root = makeTmp();
  try {
    applyChange(root, { write: 'd/a.txt', content: 'A' });
    assert.equal(statSync(join(root, 'd/a.txt')).mtimeMs, EPOCH + WRITE_OFFSET_MS);
    applyChange(root, { touch: 'd/a.txt', mtime: '+2h' });
    assert.equal(statSync(join(root, 'd/a.txt')).mtimeMs, EPOCH + 7_200_000);
    applyChange(root, { rename: 'd/a.txt', to: 'e/f/A.txt' });
    if (posix) {
      applyChange(root, { chmod: 'e/f/A.txt', mode: '600' });
      assert.equal(statSync(join(root, 'e/f/A.txt')).mode & 0o777, 0o600);
    }
    applyChange(root, { mkdir: 'g/h' });
    applyChange(root, { delete: 'e' });
    assert.deepEqual([...readTree(root, ['.syncwarden-test-root']).keys()], ['d', 'g', 'g/h']);
    assert.throws(() => applyChange(root, { delete: 'nope' }), /no such file/);
  } finally {
    removeTmp(root);
  }
});

test('readTrash merges every run folder and drops the timestamp level', () => {
  const root = makeTmp();
  try {
    const trash = join(root, '.sync_trash');
    mkdirSync(join(trash, '20261125-041200', 'sub'), { recursive: true });
    mkdirSync(join(trash, '20261125-051200'), { recursive: true });
    writeFileSync(join(trash, '20261125-041200', 'sub', 'a.txt'), 'old');
    writeFileSync(join(trash, '20261125-051200', 'b.txt'), 'older');
    assert.deepEqual([...readTrash(trash).keys()], ['sub', 'sub/a.txt', 'b.txt']);
    assert.equal(readTrash(join(root, 'missing')).size, 0);
  } finally {
    removeTmp(root);
  }
});
