import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ignoreRules } from '../../../src/scan/ignore.js';
import { scanSide } from '../../../src/scan/scanner.js';
import { walkInWorker } from '../../../src/scan/walk-pool.js';
import { options, withTmp, write } from './helpers.js';

test('scan: a failing batch receiver rejects the walk instead of crashing the process', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'a.txt': 'a' });
  const spec = { side: 'left' as const, root, caseInsensitive: true, ignore: ignoreRules(options(root).ignore) };
  await assert.rejects(walkInWorker(spec, () => { throw new Error('receiver broke'); }), /receiver broke/);
  const again = await scanSide(options(root));
  assert.equal(again.files, 1, 'the pool still works afterwards');
}));
