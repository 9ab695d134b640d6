import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HASH_ALGORITHM, hashEntries, hashFile } from '../../../src/scan/hash.js';
import { scanSide } from '../../../src/scan/scanner.js';
import { options, withTmp, write } from './helpers.js';

const digest = (data: string | Buffer) => createHash(HASH_ALGORITHM).update(data).digest('hex');

test('hash: fills the files `need` selects, leaves the rest alone', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'a.txt': 'alpha', sub: { 'b.txt': 'beta', 'skip.txt': 'gamma' }, empty: {} });
  const { tree } = await scanSide(options(root));
  const asked: string[] = [];
  const problems = await hashEntries(root, tree, (key) => (asked.push(key), !key.endsWith('skip.txt')), 2, 'left');
  assert.deepEqual(problems, []);
  assert.deepEqual(asked.sort(), ['a.txt', 'sub/b.txt', 'sub/skip.txt'], 'folders are never offered');
  assert.equal(tree.get('a.txt')?.hash, digest('alpha'));
  assert.equal(tree.get('sub/b.txt')?.hash, digest('beta'));
  assert.equal(tree.get('sub/skip.txt')?.hash, undefined);
  assert.equal(tree.get('sub')?.hash, undefined);
}));

test('hash: files larger than the read buffer stream to the same digest', () => withTmp(async (dir) => {
  const data = randomBytes(3 * 1024 * 1024 + 17);
  writeFileSync(join(dir, 'big.bin'), data);
  assert.deepEqual(await hashFile(join(dir, 'big.bin')), { hash: digest(data), bytes: data.length });
  assert.equal((await hashFile(join(dir, 'big.bin'), Buffer.alloc(1000))).hash, digest(data));
}));

test('hash: a vanished file and a file that grew are problems, not hashes', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'gone.txt': 'g', 'grew.txt': 'g', 'ok.txt': 'o' });
  const { tree } = await scanSide(options(root));
  rmSync(join(root, 'gone.txt'));
  appendFileSync(join(root, 'grew.txt'), 'more');
  const problems = await hashEntries(root, tree, () => true, 4, 'right');
  assert.deepEqual(problems.map((p) => [p.path, p.code, p.side]).sort(), [['gone.txt', 'ENOENT', 'right'], ['grew.txt', 'changed', 'right']]);
  assert.equal(tree.get('grew.txt')?.hash, undefined);
  assert.equal(tree.get('ok.txt')?.hash, digest('o'));
}));

test('hash: many files go through worker threads with the same results', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`f${i}.txt`] = `content ${i}`;
  write(root, { many: files });
  const { tree } = await scanSide(options(root));
  rmSync(join(root, 'many', 'f7.txt'));
  const problems = await hashEntries(root, tree, () => true, 3, 'left');
  assert.deepEqual(problems.map((p) => [p.path, p.code]), [['many/f7.txt', 'ENOENT']]);
  for (let i = 0; i < 300; i++) {
    if (i !== 7) assert.equal(tree.get(`many/f${i}.txt`)?.hash, digest(`content ${i}`), `f${i}`);
  }
}));
