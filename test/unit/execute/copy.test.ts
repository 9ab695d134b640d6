import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { faultyFs, type FsOp } from '../../../src/ports/faulty-fs.js';
import type { FsPort } from '../../../src/ports/fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { copyOf, runOne, Sandbox, T0, VARIANTS } from './support.js';

const isTemp = (p?: string) => p !== undefined && p.includes('.syncwarden-tmp-');

for (const variant of VARIANTS) {
  describe(`copy (${variant.name})`, () => {
    let sb: Sandbox;
    beforeEach(() => (sb = new Sandbox()));
    afterEach(() => sb.cleanup());

    it('creates the target with the source mtime and mode, and observes both sides', async () => {
      sb.write('left', 'sub/a.txt', 'hello', T0, 0o640);
      sb.mkdir('right', 'sub');
      const result = await runOne(copyOf(sb, 'left', 'sub/a.txt', 'sub/a.txt', { hash: 'h1' }), sb.ctx(variant.make()));
      assert.equal(result.ok, true, result.message);
      assert.equal(sb.read('right', 'sub/a.txt'), 'hello');
      const st = statSync(sb.abs('right', 'sub/a.txt'));
      assert.equal(Math.floor(st.mtimeMs), T0);
      assert.equal(st.mode & 0o777, 0o640);
      assert.equal(result.bytes, 5);
      assert.deepEqual(result.observed.map((o) => [o.side, o.type, o.record?.rel, o.record?.size, o.record?.mtimeMs, o.record?.hash]), [
        ['left', 'file', 'sub/a.txt', 5, T0, 'h1'],
        ['right', 'file', 'sub/a.txt', 5, T0, 'h1'],
      ]);
      assert.deepEqual(sb.temps(), []);
    });

    it('hashes what it wrote on a side that keeps hashes when the source hash is unknown (issue 8 item 1)', async () => {
      sb.write('right', 'a.txt', 'hello', T0);
      const hashed = await runOne(copyOf(sb, 'right', 'a.txt'), sb.ctx(variant.make(), { hashSides: ['left'] }));
      assert.equal(hashed.ok, true, hashed.message);
      const sha = createHash('sha256').update('hello').digest('hex');
      assert.deepEqual(hashed.observed.map((o) => [o.side, o.record?.hash]), [['right', sha], ['left', sha]]);
      sb.write('right', 'b.txt', 'hello', T0);
      const plain = await runOne(copyOf(sb, 'right', 'b.txt'), sb.ctx(variant.make(), { hashSides: ['right'] }));
      assert.deepEqual(plain.observed.map((o) => o.record?.hash), [undefined, undefined]);
      assert.deepEqual(sb.temps(), []);
    });

    it('overwrites the target in place, without trash unless asked', async () => {
      sb.write('left', 'a.txt', 'new content', T0 + 5000);
      sb.write('right', 'a.txt', 'old', T0);
      const result = await runOne(copyOf(sb, 'left', 'a.txt'), sb.ctx(variant.make()));
      assert.equal(result.ok, true, result.message);
      assert.equal(sb.read('right', 'a.txt'), 'new content');
      assert.equal(result.trashedTo, undefined);
      assert.deepEqual(sb.names('right'), ['a.txt']);
    });

    it('puts the overwritten version in the trash when trashOverwritten (hard link, then fallback move)', async () => {
      for (const fs of [variant.make(), withoutLink(variant.make())]) {
        sb.write('left', 'd/a.txt', 'new', T0 + 5000);
        sb.write('right', 'd/a.txt', 'old', T0);
        const result = await runOne(copyOf(sb, 'left', 'd/a.txt', 'd/a.txt', { trashOverwritten: true }), sb.ctx(fs));
        assert.equal(result.ok, true, result.message);
        assert.equal(sb.read('right', 'd/a.txt'), 'new');
        assert.equal(sb.read('right', result.trashedTo!), 'old');
      }
      // The second overwrite in the same run does not replace the first trashed version.
      assert.equal(sb.read('right', '.sync_trash/20260115-103000/d/a.txt'), 'old');
      assert.equal(sb.read('right', '.sync_trash/20260115-103000/d/a_2.txt'), 'old');
    });

    for (const op of ['copyFile', 'setMtime', 'chmod', 'link', 'rename'] as FsOp[]) {
      for (const after of [false, true]) {
        it(`leaves no temp file and the target intact when ${op} fails${after ? ' after acting' : ''}`, async () => {
          sb.write('left', 'a.txt', 'new', T0 + 5000);
          sb.write('right', 'a.txt', 'old', T0);
          const isStep = (c: { op: FsOp; path: string; to?: string }) => op === 'link' || isTemp(c.path) || isTemp(c.to);
          const fs = faultyFs(variant.make(), { faults: [{ op, match: isStep, code: 'EIO', after }] });
          const result = await runOne(copyOf(sb, 'left', 'a.txt', 'a.txt', { trashOverwritten: true }), sb.ctx(fs));
          if (op === 'link') {
            // A failed link is the cue for the move-then-rename path, not an error.
            assert.equal(result.ok, true, result.message);
            assert.equal(sb.read('right', 'a.txt'), 'new');
            return;
          }
          assert.equal(result.ok, false);
          assert.equal(result.code, 'EIO');
          if (op === 'rename' && after) {
            // The rename happened but reported an error: the new version is in place, the old one kept.
            assert.equal(sb.read('right', 'a.txt'), 'new');
            assert.equal(sb.read('right', '.sync_trash/20260115-103000/a.txt'), 'old');
          } else {
            assert.equal(sb.read('right', 'a.txt'), 'old');
            assert.deepEqual(sb.names('right', '.sync_trash/20260115-103000'), []);
          }
          assert.deepEqual(sb.temps(), []);
          assert.equal(sb.read('left', 'a.txt'), 'new');
        });
      }
    }

    it('moves the old version back under its name when the rename-over fails without hard links', async () => {
      sb.write('left', 'a.txt', 'new', T0 + 5000);
      sb.write('right', 'a.txt', 'old', T0);
      const fs = faultyFs(withoutLink(variant.make()), { faults: [{ op: 'rename', match: (c) => isTemp(c.path), code: 'EIO' }] });
      const result = await runOne(copyOf(sb, 'left', 'a.txt', 'a.txt', { trashOverwritten: true }), sb.ctx(fs));
      assert.equal(result.code, 'EIO');
      assert.equal(sb.read('right', 'a.txt'), 'old');
      assert.deepEqual(sb.names('right', '.sync_trash/20260115-103000'), []);
      assert.deepEqual(sb.temps(), []);
    });

    it('refuses with changed, and leaves the target alone, when the source changes during the copy', async () => {
      sb.write('left', 'a.txt', 'v1', T0);
      sb.write('right', 'a.txt', 'old', T0 - 5000);
      const fs = faultyFs(variant.make(), {
        hooks: [{ op: 'copyFile', before: () => {
          appendFileSync(sb.abs('left', 'a.txt'), ' plus an edit');
          utimesSync(sb.abs('left', 'a.txt'), (T0 + 9000) / 1000, (T0 + 9000) / 1000);
        } }],
      });
      const result = await runOne(copyOf(sb, 'left', 'a.txt'), sb.ctx(fs));
      assert.equal(result.code, 'changed');
      assert.deepEqual(result.observed, []);
      assert.equal(sb.read('right', 'a.txt'), 'old');
      assert.deepEqual(sb.temps(), []);
    });

    it('refuses with changed when the target changed since the scan, before or during the copy', async () => {
      for (const when of ['before', 'during']) {
        sb.write('left', 'a.txt', 'ours', T0);
        sb.write('right', 'a.txt', 'theirs', T0 - 5000);
        const action = copyOf(sb, 'left', 'a.txt');
        const edit = () => sb.write('right', 'a.txt', 'user edit', T0 + 60000);
        if (when === 'before') edit();
        const fs = faultyFs(variant.make(), { hooks: when === 'during' ? [{ op: 'copyFile', before: edit }] : [] });
        const result = await runOne(action, sb.ctx(fs));
        assert.equal(result.code, 'changed', when);
        assert.equal(sb.read('right', 'a.txt'), 'user edit');
        assert.deepEqual(sb.temps(), []);
      }
    });

    it('refuses with changed when a target appeared since the scan', async () => {
      sb.write('left', 'a.txt', 'ours', T0);
      const action = copyOf(sb, 'left', 'a.txt');
      sb.write('right', 'a.txt', 'appeared', T0);
      assert.equal((await runOne(action, sb.ctx(variant.make()))).code, 'changed');
      assert.equal(sb.read('right', 'a.txt'), 'appeared');
    });

    it('fails with ENOENT and creates no folder when the target folder is missing', async () => {
      sb.write('left', 'gone/a.txt', 'x', T0);
      const result = await runOne(copyOf(sb, 'left', 'gone/a.txt'), sb.ctx(variant.make()));
      assert.equal(result.ok, false);
      assert.equal(result.code, 'ENOENT');
      assert.deepEqual(sb.names('right'), []);
    });

    it('ends with the wanted spelling when the target exists under another one', async () => {
      sb.write('left', 'Report.txt', 'new', T0 + 5000);
      sb.write('right', 'REPORT.txt', 'old', T0);
      const action = copyOf(sb, 'left', 'Report.txt', 'Report.txt', { dstCurrentRel: 'REPORT.txt', trashOverwritten: true });
      const result = await runOne(action, sb.ctx(variant.make()));
      assert.equal(result.ok, true, result.message);
      assert.deepEqual(sb.names('right').filter((n) => n !== '.sync_trash'), ['Report.txt']);
      assert.equal(sb.read('right', 'Report.txt'), 'new');
      assert.equal(sb.read('right', '.sync_trash/20260115-103000/REPORT.txt'), 'old');
    });
  });
}

describe('copy on a case-insensitive disk', () => {
  it('writes over a case variant the plan did not name, and still ends with the wanted spelling', async () => {
    const sb = new Sandbox();
    try {
      sb.write('left', 'a.txt', 'new', T0 + 5000);
      sb.write('right', 'A.TXT', 'old', T0);
      const action = { ...copyOf(sb, 'left', 'a.txt'), expectDst: sb.stamp('right', 'A.TXT') };
      const { caseInsensitive } = await import('../../../src/ports/case-insensitive-fs.js');
      const result = await runOne(action, sb.ctx(caseInsensitive(nodeFs())));
      assert.equal(result.ok, true, result.message);
      assert.deepEqual(sb.names('right'), ['a.txt']);
      assert.equal(sb.read('right', 'a.txt'), 'new');
    } finally {
      sb.cleanup();
    }
  });

  it('keeps a file written to the source mid-copy untouched on the source side', async () => {
    const sb = new Sandbox();
    try {
      sb.write('left', 'a.txt', 'v1', T0);
      const fs = faultyFs(nodeFs(), { hooks: [{ op: 'copyFile', after: () => writeFileSync(sb.abs('left', 'a.txt'), 'v2!') }] });
      const result = await runOne(copyOf(sb, 'left', 'a.txt'), sb.ctx(fs));
      assert.equal(result.code, 'changed');
      assert.equal(sb.read('left', 'a.txt'), 'v2!');
      assert.deepEqual(sb.names('right'), []);
    } finally {
      sb.cleanup();
    }
  });
});

/** A port like the given one, but without hard links (FAT, cloud drives). */
function withoutLink(fs: FsPort): FsPort {
  const { stat, readdir, mkdir, rename, unlink, rmdir, copyFile, setMtime, chmod, readStream } = fs;
  return { stat, readdir, mkdir, rename, unlink, rmdir, copyFile, setMtime, chmod, readStream };
}
