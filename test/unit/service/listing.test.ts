import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Tree } from '../../../src/model/entry.js';
import { scanSide } from '../../../src/scan/scanner.js';
import { Listing } from '../../../src/service/listing.js';
import type { DirtyPath } from '../../../src/watch/debounce.js';
import { options, withTmp, write } from '../scan/helpers.js';

const dirty = (rel: string, subtree = false): DirtyPath => ({ side: 'left', rel, subtree, at: 0 });

async function listingOf(root: string): Promise<Listing> {
  const opts = options(root);
  return new Listing('left', opts, await scanSide(opts));
}

// A folder's mtime moves with its children and decides nothing (facts/derive), so it is left out here.
function comparable(tree: Tree) {
  return [...tree].map(([k, e]) => [k, e.type === 'dir' ? { ...e, mtimeMs: 0 } : e]).sort();
}

async function freshTree(root: string) {
  return comparable((await scanSide(options(root))).tree);
}

describe('Listing', () => {
  it('patched by the paths that changed, equals a fresh scan', async () => {
    await withTmp(async (dir) => {
      const root = join(dir, 'root');
      write(root, { 'a.txt': 'a', keep: { 'b.txt': 'b' }, old: { x: { 'y.txt': 'y' } }, 'gone.txt': 'g' });
      const listing = await listingOf(root);
      writeFileSync(join(root, 'a.txt'), 'edited');
      rmSync(join(root, 'gone.txt'));
      renameSync(join(root, 'old'), join(root, 'new'));
      mkdirSync(join(root, 'fresh', 'deep'), { recursive: true });
      writeFileSync(join(root, 'fresh', 'deep', 'z.txt'), 'z');
      writeFileSync(join(root, 'keep', 'Thumbs.db'), 'ignored');
      const patched = await listing.patch([
        dirty('a.txt'), dirty('gone.txt'), dirty('old', true), dirty('new', true),
        // A file event inside a folder the listing never saw re-reads that folder.
        dirty('fresh/deep/z.txt'), dirty('keep/Thumbs.db'),
      ]);
      assert.deepEqual(comparable(listing.tree), await freshTree(root));
      assert.deepEqual(patched.keys.sort(), ['a.txt', 'fresh', 'gone.txt', 'new', 'old']);
    });
  });

  it('a folder replaced by a file and a file by a folder', async () => {
    await withTmp(async (dir) => {
      const root = join(dir, 'root');
      write(root, { f: 'file', d: { 'in.txt': 'i' } });
      const listing = await listingOf(root);
      rmSync(join(root, 'f'));
      rmSync(join(root, 'd'), { recursive: true });
      write(root, { f: { 'now.txt': 'n' }, d: 'now a file' });
      await listing.patch([dirty('f'), dirty('d')]);
      assert.deepEqual(comparable(listing.tree), await freshTree(root));
    });
  });

  it('a symbolic link is dropped with a problem, never followed', async () => {
    await withTmp(async (dir) => {
      const root = join(dir, 'root');
      write(root, { 'a.txt': 'a' });
      const listing = await listingOf(root);
      symlinkSync(join(root, 'a.txt'), join(root, 'link'));
      const patched = await listing.patch([dirty('link')]);
      assert.equal(listing.tree.has('link'), false);
      assert.deepEqual(patched.problems.map((p) => p.code), ['symlink']);
    });
  });
});
