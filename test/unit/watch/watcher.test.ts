import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { compileIgnore, ignoreSpecOf } from '../../../src/scan/ignore.js';
import { backendFor, watchSide } from '../../../src/watch/watcher.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const ignore = compileIgnore(ignoreSpecOf({ ignore: [], ignoreDefaults: true, caseInsensitive: true, softDelete: { folder: '.sync_trash' } as never }));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await sleep(20);
  }
}

for (const backend of ['folders', 'chokidar'] as const) describe(`watchSide (${backend})`, () => {
  it('reports changed paths, folders as subtrees, never ignored names, and passes its self-test', async () => {
    const dir = makeTmp();
    const root = join(dir, 'root');
    mkdirSync(join(root, '.sync_trash'), { recursive: true });
    const seen: string[] = [];
    const roots: boolean[] = [];
    const w = await watchSide({ side: 'left', root, ignore, onPath: (rel, sub) => seen.push(`${rel}${sub ? '/**' : ''}`), onRoot: (p) => roots.push(p), onError: (e) => assert.fail(e) }, backend);
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

  it('follows folders that come, move and go: files in them are reported by their current path', async () => {
    const dir = makeTmp();
    const root = join(dir, 'root');
    mkdirSync(join(root, 'old', 'deep'), { recursive: true });
    const seen: string[] = [];
    const w = await watchSide({ side: 'left', root, ignore, onPath: (rel, sub) => seen.push(`${rel}${sub ? '/**' : ''}`), onRoot: () => undefined, onError: (e) => assert.fail(e) }, backend);
    try {
      mkdirSync(join(root, 'new', 'inner'), { recursive: true });
      await until(() => seen.includes('new/**'));
      await sleep(100);
      writeFileSync(join(root, 'new', 'inner', 'n.txt'), 'n');
      await until(() => seen.includes('new/inner/n.txt'));
      renameSync(join(root, 'old'), join(root, 'moved'));
      await until(() => seen.includes('moved/**'));
      await sleep(100);
      seen.length = 0;
      writeFileSync(join(root, 'moved', 'deep', 'm.txt'), 'm');
      await until(() => seen.includes('moved/deep/m.txt'));
      await sleep(150);
      assert.ok(!seen.some((p) => p.startsWith('old/')), `nothing reported under the folder's old name: ${seen.join(', ')}`);
      rmSync(join(root, 'moved'), { recursive: true });
      await until(() => seen.includes('moved/**') || seen.includes('moved'));
    } finally {
      await w.close();
      removeTmp(dir);
    }
  });
});

describe('backendFor', () => {
  it('auto is one watch per folder on Linux, chokidar (one recursive watch per root) elsewhere', () => {
    assert.equal(backendFor('auto', 'linux'), 'folders');
    assert.equal(backendFor('auto', 'win32'), 'chokidar');
    assert.equal(backendFor('chokidar', 'linux'), 'chokidar');
  });
});
