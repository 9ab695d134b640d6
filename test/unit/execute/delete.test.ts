import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { MkdirAction, RmdirAction } from '../../../src/model/action.js';
import { deleteOf, runOne, Sandbox, VARIANTS } from './support.js';

const TRASH = '.sync_trash/20260115-103000';
const rmdirOf = (side: 'left' | 'right', rel: string): RmdirAction => ({ kind: 'rmdir', key: rel.toLowerCase(), ruleId: 't', reason: 't', side, rel });
const mkdirOf = (side: 'left' | 'right', rel: string, mode?: number): MkdirAction =>
  ({ kind: 'mkdir', key: rel.toLowerCase(), ruleId: 't', reason: 't', side, rel, ...(mode !== undefined ? { mode } : {}) });

for (const variant of VARIANTS) {
  describe(`delete, rmdir, mkdir (${variant.name})`, () => {
    let sb: Sandbox;
    beforeEach(() => (sb = new Sandbox()));
    afterEach(() => sb.cleanup());

    it('deletes to the trash, keeping the relative path, and never overwrites an earlier trashed version', async () => {
      sb.write('left', 'a/b.txt', 'first');
      const first = await runOne(deleteOf(sb, 'left', 'a/b.txt', true), sb.ctx(variant.make()));
      sb.write('left', 'a/b.txt', 'second');
      const second = await runOne(deleteOf(sb, 'left', 'a/b.txt', true), sb.ctx(variant.make()));
      assert.deepEqual([first.trashedTo, second.trashedTo], [`${TRASH}/a/b.txt`, `${TRASH}/a/b_2.txt`]);
      assert.equal(sb.read('left', `${TRASH}/a/b.txt`), 'first');
      assert.equal(sb.read('left', `${TRASH}/a/b_2.txt`), 'second');
      assert.deepEqual(sb.names('left', 'a'), []);
      assert.deepEqual(second.observed, [{ key: 'a/b.txt', side: 'left', record: null }]);
    });

    it('deletes directly when trash is off', async () => {
      sb.write('right', 'big.iso', 'x');
      const result = await runOne(deleteOf(sb, 'right', 'big.iso', false), sb.ctx(variant.make()));
      assert.equal(result.ok, true);
      assert.equal(result.trashedTo, undefined);
      assert.deepEqual(sb.names('right'), []);
    });

    it('refuses to delete a file that changed since the scan', async () => {
      sb.write('right', 'a.txt', 'x');
      const action = deleteOf(sb, 'right', 'a.txt', true);
      sb.write('right', 'a.txt', 'a late edit');
      assert.equal((await runOne(action, sb.ctx(variant.make()))).code, 'changed');
      assert.equal(sb.read('right', 'a.txt'), 'a late edit');
    });

    it('refuses a delete (or rmdir) whose path came back on the other side since the scan: the evidence is re-checked', async () => {
      sb.write('right', 'a.txt', 'x');
      sb.mkdir('right', 'd');
      const del = { ...deleteOf(sb, 'right', 'a.txt', true), absentOnOther: 'a.txt' };
      const rm = { ...rmdirOf('right', 'd'), absentOnOther: 'd' };
      sb.write('left', 'a.txt', 'restored');
      sb.mkdir('left', 'd');
      const results = [await runOne(del, sb.ctx(variant.make())), await runOne(rm, sb.ctx(variant.make()))];
      assert.deepEqual(results.map((r) => r.code), ['changed', 'changed']);
      assert.match(results[0].message ?? '', /^left:a\.txt is there again/);
      assert.deepEqual(sb.names('right').sort(), ['a.txt', 'd']);
      // Still absent: the delete goes ahead.
      const gone = await runOne({ ...deleteOf(sb, 'right', 'a.txt', false), absentOnOther: 'never.txt' }, sb.ctx(variant.make()));
      assert.equal(gone.ok, true);
    });

    it('rmdir removes an empty folder, and one holding only ignored names (to the trash) and stale temps', async () => {
      sb.mkdir('left', 'empty');
      sb.write('left', 'photos/Thumbs.db', 'thumbs');
      sb.write('left', 'photos/desktop.ini', 'ini');
      sb.write('left', 'photos/.syncwarden-tmp-0123456789ab', 'partial');
      const ctx = sb.ctx(variant.make(), { isIgnoredName: (n) => ['thumbs.db', 'desktop.ini'].includes(n.toLowerCase()) });
      assert.equal((await runOne(rmdirOf('left', 'empty'), ctx)).ok, true);
      const result = await runOne(rmdirOf('left', 'photos'), ctx);
      assert.equal(result.ok, true, result.message);
      assert.equal(result.trashedTo, `${TRASH}/photos`);
      assert.deepEqual(sb.names('left', `${TRASH}/photos`), ['Thumbs.db', 'desktop.ini']);
      assert.deepEqual(sb.names('left').filter((n) => !n.startsWith('.sync_trash')), []);
    });

    it('rmdir leaves a folder that still holds files, as ENOTEMPTY', async () => {
      sb.write('left', 'work/keep.docx', 'x');
      sb.write('left', 'work/Thumbs.db', 'x');
      const result = await runOne(rmdirOf('left', 'work'), sb.ctx(variant.make(), { isIgnoredName: (n) => n === 'Thumbs.db' }));
      assert.equal(result.code, 'ENOTEMPTY');
      assert.match(result.message!, /keep\.docx/);
      assert.deepEqual(sb.names('left', 'work'), ['Thumbs.db', 'keep.docx']);
    });

    it('mkdir creates, accepts an existing folder, sets the mode, and never creates a missing parent', async () => {
      const ctx = sb.ctx(variant.make());
      const made = await runOne(mkdirOf('right', 'New', 0o750), ctx);
      assert.equal(made.ok, true, made.message);
      assert.equal(statSync(sb.abs('right', 'New')).mode & 0o777, 0o750);
      assert.deepEqual([made.observed[0].record?.rel, made.observed[0].type], ['New', 'dir']);
      assert.equal((await runOne(mkdirOf('right', 'New'), ctx)).ok, true);
      const orphan = await runOne(mkdirOf('right', 'gone/child'), ctx);
      assert.equal(orphan.code, 'ENOENT');
      assert.deepEqual(sb.names('right'), ['New']);
      sb.write('right', 'file', 'x');
      assert.equal((await runOne(mkdirOf('right', 'file'), ctx)).code, 'changed');
    });
  });
}
