import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SetPropsAction } from '../../../src/model/action.js';
import { faultyFs } from '../../../src/ports/faulty-fs.js';
import { renameOf, runOne, Sandbox, T0, VARIANTS } from './support.js';

for (const variant of VARIANTS) {
  describe(`rename and setProps (${variant.name})`, () => {
    let sb: Sandbox;
    beforeEach(() => (sb = new Sandbox()));
    afterEach(() => sb.cleanup());

    it('moves into a new folder, creating its parents, and observes both keys', async () => {
      sb.write('right', 'old/a.txt', 'x');
      const result = await runOne(renameOf(sb, 'right', 'old/a.txt', 'new/deep/a.txt'), sb.ctx(variant.make()));
      assert.equal(result.ok, true, result.message);
      assert.equal(sb.read('right', 'new/deep/a.txt'), 'x');
      assert.deepEqual(result.observed.map((o) => [o.key, o.side, o.record?.rel ?? null]), [
        ['old/a.txt', 'right', null],
        ['new/deep/a.txt', 'right', 'new/deep/a.txt'],
      ]);
    });

    it('renames case-only through a middle name and keeps one observed record', async () => {
      sb.write('left', 'Dir/report.docx', 'x');
      const fs = faultyFs(variant.make());
      const result = await runOne(renameOf(sb, 'left', 'Dir/report.docx', 'Dir/Report.DOCX'), sb.ctx(fs));
      assert.equal(result.ok, true, result.message);
      assert.deepEqual(sb.names('left', 'Dir'), ['Report.DOCX']);
      assert.equal(fs.calls.filter((c) => c.op === 'rename').length, 2);
      assert.deepEqual(result.observed.map((o) => [o.key, o.record?.rel]), [['dir/report.docx', 'Dir/Report.DOCX']]);
    });

    it('undoes the first step when the second step of a case-only rename fails', async () => {
      sb.write('left', 'a.txt', 'x');
      const fs = faultyFs(variant.make(), { faults: [{ op: 'rename', code: 'EIO', skip: 1, times: 1 }] });
      const result = await runOne(renameOf(sb, 'left', 'a.txt', 'A.txt'), sb.ctx(fs));
      assert.equal(result.code, 'EIO');
      assert.deepEqual(sb.names('left'), ['a.txt']);
    });

    it('refuses to overwrite an existing target', async () => {
      sb.write('left', 'a.txt', 'mine');
      sb.write('left', 'b.txt', 'other file');
      const result = await runOne(renameOf(sb, 'left', 'a.txt', 'b.txt'), sb.ctx(variant.make()));
      assert.equal(result.code, 'exists');
      assert.equal(sb.read('left', 'a.txt'), 'mine');
      assert.equal(sb.read('left', 'b.txt'), 'other file');
    });

    it('refuses with changed when the source changed since the scan', async () => {
      sb.write('left', 'a.txt', 'x');
      const action = renameOf(sb, 'left', 'a.txt', 'b.txt');
      sb.write('left', 'a.txt', 'edited', T0 + 4000);
      assert.equal((await runOne(action, sb.ctx(variant.make()))).code, 'changed');
      assert.deepEqual(sb.names('left'), ['a.txt']);
    });

    it('setProps fixes the spelling, the mode and the mtime', async () => {
      sb.write('right', 'photo.JPG', 'x', T0, 0o644);
      const action: SetPropsAction = {
        kind: 'setProps', key: 'photo.jpg', ruleId: 't', reason: 't', side: 'right', rel: 'photo.JPG', toRel: 'Photo.jpg',
        mode: 0o600, mtimeMs: T0 + 2000, expect: sb.stamp('right', 'photo.JPG'),
      };
      const result = await runOne(action, sb.ctx(variant.make()));
      assert.equal(result.ok, true, result.message);
      assert.deepEqual(sb.names('right'), ['Photo.jpg']);
      const st = statSync(sb.abs('right', 'Photo.jpg'));
      assert.equal(st.mode & 0o777, 0o600);
      assert.equal(Math.floor(st.mtimeMs), T0 + 2000);
      assert.deepEqual(result.observed.map((o) => [o.record?.rel, o.record?.mode, o.record?.mtimeMs]), [['Photo.jpg', 0o600, T0 + 2000]]);
    });

    it('setProps refuses a new name that is not a spelling change', async () => {
      sb.write('right', 'a.txt', 'x');
      const action: SetPropsAction = {
        kind: 'setProps', key: 'a.txt', ruleId: 't', reason: 't', side: 'right', rel: 'a.txt', toRel: 'b.txt',
        mode: 0o644, expect: sb.stamp('right', 'a.txt'),
      };
      assert.equal((await runOne(action, sb.ctx(variant.make()))).code, 'badAction');
      assert.deepEqual(sb.names('right'), ['a.txt']);
    });
  });
}
