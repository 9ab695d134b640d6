import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { compileIgnore, ignoreSpecOf } from '../../../src/scan/ignore.js';
import { watchSide } from '../../../src/watch/watcher.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const ignore = compileIgnore(ignoreSpecOf({ ignore: [], ignoreDefaults: true, caseInsensitive: true, softDelete: { folder: '.sync_trash' } as never }));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await sleep(20);
  }
}

describe('watchSide', () => {
  it('reports changed paths, folders as subtrees, never ignored names, and passes its self-test', async () => {
    const dir = makeTmp();
    const root = join(dir, 'root');
    mkdirSync(join(root, '.sync_trash'), { recursive: true });
    const seen: string[] = [];
    const roots: boolean[] = [];
    const w = await watchSide({ side: 'left', root, ignore, onPath: (rel, sub) => seen.push(`${rel}${sub ? '/**' : ''}`), onRoot: (p) => roots.push(p), onError: (e) => assert.fail(e) });
    try {
      assert.equal(await w.selfTest(2000), true);
      assert.deepEqual(readdirSync(root), ['.sync_trash'], 'the canary is gone');
      writeFileSync(join(root, 'a.txt'), 'a');
      writeFileSync(join(root, 'Thumbs.db'), 'x');
      writeFileSync(join(root, '.sync_trash', 'b.txt'), 'b');
      mkdirSync(join(root, 'd'));
      await until(() => seen.includes('a.txt') && seen.includes('d/**'));
      await sleep(150);
      assert.deepEqual([...new Set(seen)].sort(), ['a.txt', 'd/**']);
      rmSync(root, { recursive: true });
      await until(() => roots.includes(false));
    } finally {
      await w.close();
      if (existsSync(dir)) removeTmp(dir);
    }
  });
});
