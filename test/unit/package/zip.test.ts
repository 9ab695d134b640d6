import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../src/package/layout.js';
import { writeZip } from '../../../src/package/zip.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { unzip } from '../../support/unzip.js';

test('writeZip puts files and generated buffers below one folder, byte for byte, non-ASCII names included', async () => {
  const dir = makeTmp('sw-zip-');
  try {
    const big = Buffer.alloc(300_000, 'x');
    writeFileSync(join(dir, 'big.bin'), big);
    const zip = join(dir, 'out', 'p.zip');
    await writeZip([
      { to: 'bin/syncwarden', from: join(dir, 'big.bin') },
      { to: 'Docs/Übersicht.txt', data: Buffer.from('ü') },
    ], zip, new Date('2026-01-01T00:00:00Z'));
    const names = await unzip(zip, join(dir, 'x'));
    assert.deepEqual(names, [`${ROOT}/bin/syncwarden`, `${ROOT}/Docs/Übersicht.txt`]);
    assert.deepEqual(readFileSync(join(dir, 'x', ROOT, 'bin', 'syncwarden')), big);
    assert.equal(readFileSync(join(dir, 'x', ROOT, 'Docs', 'Übersicht.txt'), 'utf8'), 'ü');
  } finally {
    removeTmp(dir);
  }
});
