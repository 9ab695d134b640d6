import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../../src/config/load.js';
import { SafetyStop } from '../../../src/model/errors.js';
import { caseInsensitive } from '../../../src/ports/case-insensitive-fs.js';
import { faultyFs } from '../../../src/ports/faulty-fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { checkRoots, scanBoth, scanSide, type ScanResult } from '../../../src/scan/scanner.js';
import { options, withTmp, write } from './helpers.js';

/*
 * The scan through a port (walk-port.ts) is the one the case-insensitive and fault-injecting decorators see;
 * it must list exactly what the worker's synchronous walk lists, and report the same problems.
 */

const same = (r: ScanResult) => ({ tree: [...r.tree], problems: r.problems, incomplete: r.incomplete, temps: r.temps, files: r.files, dirs: r.dirs });

test('walkPort: the same listing, problems, collisions and temps as the worker walk', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, {
    'Report.txt': 'upper', 'report.txt': 'lower', 'caf\u00e9.txt': 'nfc', 'cafe\u0301.txt': 'nfd',
    a: { b: { 'c.txt': 'c' }, 'Thumbs.db': 't', '.syncwarden-tmp-1-x.txt': 'partial' },
    '.sync_trash': { '20260101-000000': { 'old.txt': 'o' } }, build: { 'out.bin': 'b' },
    ...Object.fromEntries(Array.from({ length: 34 }, (_, f) => [`folder ${f}`, Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}.txt`, '']))])),
  });
  symlinkSync(join(root, 'a'), join(root, 'link'));
  const inWorker = await scanSide(options(root, {}, true, ['build/']));
  const throughPort = await scanSide(options(root, { fs: faultyFs(nodeFs()) }, true, ['build/']));
  assert.ok(inWorker.files > 8192, 'more than one batch');
  assert.deepEqual(inWorker.problems.map((p) => p.code).sort(), ['caseCollision', 'caseCollision', 'symlink']);
  assert.deepEqual(inWorker.temps, ['a/.syncwarden-tmp-1-x.txt']);
  assert.deepEqual(same(throughPort), same(inWorker));
}));

test('walkPort: an unreadable folder or file is a problem and incomplete; the walk goes on', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { locked: { 'inside.txt': 'i' }, 'bad.txt': 'b', 'ok.txt': 'o' });
  const fs = faultyFs(nodeFs(), {
    faults: [{ op: 'readdir', match: (c) => c.path.endsWith('locked'), code: 'EACCES' }, { op: 'stat', match: (c) => c.path.endsWith('bad.txt'), code: 'EIO' }],
  });
  const r = await scanSide(options(root, { fs }));
  assert.deepEqual([...r.tree.keys()], ['locked', 'ok.txt']);
  assert.deepEqual(r.problems.map((p) => [p.path, p.code]), [['bad.txt', 'EIO'], ['locked', 'EACCES']]);
  assert.deepEqual(r.incomplete, ['bad.txt', 'locked']);
}));

test('walkPort: a missing root, a file as root, or an unlistable root stops with SafetyStop', () => withTmp(async (dir) => {
  writeFileSync(join(dir, 'file'), 'x');
  write(join(dir, 'closed'), { 'a.txt': 'a' });
  const fs = faultyFs(nodeFs(), { faults: [{ op: 'readdir', match: (c) => c.path.endsWith('closed'), code: 'EACCES' }] });
  const cases = [[join(dir, 'nope'), 'rootMissing'], [join(dir, 'file'), 'rootMissing'], [join(dir, 'closed'), 'rootUnreadable']] as const;
  for (const [root, reason] of cases) {
    await assert.rejects(scanSide({ ...options(root, { fs }), side: 'right' }), (err: unknown) => {
      assert.ok(err instanceof SafetyStop, String(err));
      assert.deepEqual([err.reason, err.details], [reason, { side: 'right', path: root }]);
      return true;
    });
  }
}));

test('scanBoth and checkRoots through the case-insensitive port: a root spelled in another case is the same folder, names as stored', () => withTmp(async (dir) => {
  write(join(dir, 'Office'), { Docs: { 'Report.TXT': 'r' } });
  write(join(dir, 'cloud'), {});
  const config = resolveConfig({ left: 'OFFICE', right: 'Cloud' }, join(dir, 'config.json5'));
  const fs = caseInsensitive(nodeFs());
  const { left, right } = await scanBoth(config, { left: fs, right: fs });
  assert.deepEqual([...left.tree].map(([key, e]) => [key, e.rel]), [['docs', 'Docs'], ['docs/report.txt', 'Docs/Report.TXT']]);
  assert.equal(right.files + right.dirs, 0);
  await assert.rejects(scanBoth(config), (err: unknown) => err instanceof SafetyStop && err.reason === 'rootMissing', 'the case-sensitive disk has no OFFICE');
  await checkRoots(config, { left: fs, right: fs });
  await assert.rejects(checkRoots(config), (err: unknown) => err instanceof SafetyStop && err.reason === 'rootMissing');
}));
