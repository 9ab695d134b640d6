import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { resolveConfig } from '../../../src/config/load.js';
import { SafetyStop } from '../../../src/model/errors.js';
import { scanBoth, scanSide } from '../../../src/scan/scanner.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { options, readable, scanInChild, unprivilegedUid, withTmp, write } from './helpers.js';

test('scan: files, empty folders, spaces and keys; the root itself is no entry', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'Annual Report.docx': 'abc', Empty: {}, Sub: { 'b c.txt': '12345' } });
  const r = await scanSide(options(root));
  assert.deepEqual([...r.tree.keys()], ['annual report.docx', 'empty', 'sub', 'sub/b c.txt']);
  assert.equal(r.tree.get('sub/b c.txt')?.rel, 'Sub/b c.txt');
  assert.deepEqual({ files: r.files, dirs: r.dirs, problems: r.problems }, { files: 2, dirs: 2, problems: [] });
  const file = r.tree.get('annual report.docx')!;
  assert.equal(file.type, 'file');
  assert.equal(file.size, 3);
  assert.equal(r.tree.get('empty')?.type, 'dir');
  assert.equal(r.tree.get('empty')?.size, 0);
  assert.ok(!r.tree.has(''));
}));

test('scan: mtime is floored to whole ms, mode is the permission bits, ino is kept', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'a.txt': 'x' });
  const file = join(root, 'a.txt');
  utimesSync(file, 1_700_000_000.1239, 1_700_000_000.1239);
  chmodSync(file, 0o640);
  const entry = (await scanSide(options(root))).tree.get('a.txt')!;
  const stat = lstatSync(file);
  assert.equal(entry.mtimeMs, Math.floor(stat.mtimeMs));
  assert.ok(Number.isInteger(entry.mtimeMs));
  if (process.platform !== 'win32') assert.equal(entry.mode, 0o640);
  assert.equal(entry.ino, stat.ino);
}));

test('scan: unicode names keep their spelling in rel and are NFC in the key', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  const nfd = 'Bu\u0308ro';
  write(root, { [nfd]: { 'caf\u00e9.txt': 'x' }, '日本語 ファイル.txt': 'y' });
  const r = await scanSide(options(root, {}, false));
  const entry = r.tree.get('B\u00fcro/caf\u00e9.txt');
  assert.ok(entry, [...r.tree.keys()].join(', '));
  assert.equal(entry.rel, `${readdirSync(root).find((n) => n.startsWith('Bu'))}/caf\u00e9.txt`);
  assert.ok(r.tree.has('日本語 ファイル.txt'));
}));

test('scan: 20 levels deep', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  const parts = Array.from({ length: 20 }, (_, i) => `level ${i}`);
  mkdirSync(join(root, ...parts), { recursive: true });
  writeFileSync(join(root, ...parts, 'deep.txt'), 'd');
  const r = await scanSide(options(root));
  assert.equal(r.dirs, 20);
  assert.equal(r.tree.get([...parts, 'deep.txt'].join('/'))?.rel, [...parts, 'deep.txt'].join('/'));
}));

test('scan: ignored names are skipped and ignored folders not entered', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, {
    'Thumbs.db': 'x', '~$memo.docx': 'x', 'keep.txt': 'k', '.syncwarden-tmp-1-keep.txt': 'partial',
    '.sync_trash': { '20260101-000000': { 'old.txt': 'o' } },
    sub: { '.sync_trash': { 'mine.txt': 'm' }, 'x.tmp': 't' },
    build: { 'out.bin': 'b' },
  });
  const r = await scanSide(options(root, {}, true, ['build/']));
  assert.deepEqual([...r.tree.keys()], ['keep.txt', 'sub', 'sub/.sync_trash', 'sub/.sync_trash/mine.txt']);
  assert.deepEqual(r.problems, []);
}));

test('scan: links are reported once and never followed', { skip: process.platform === 'win32' && 'symlinks need privileges on Windows' }, () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(join(dir, 'outside'), { 'secret.txt': 's', inner: { 'deep.txt': 'd' } });
  write(root, { 'real.txt': 'r' });
  symlinkSync(join(dir, 'outside', 'secret.txt'), join(root, 'file-link.txt'));
  symlinkSync(join(dir, 'outside'), join(root, 'dir-link'));
  const r = await scanSide(options(root));
  assert.deepEqual([...r.tree.keys()], ['real.txt']);
  assert.deepEqual(r.problems.map((p) => [p.path, p.code, p.side]), [['dir-link', 'symlink', 'left'], ['file-link.txt', 'symlink', 'left']]);
}));

test('scan: sockets and other special files are reported, not listed', { skip: process.platform === 'win32' && 'no unix sockets on Windows' }, () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'a.txt': 'a' });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(root, 'app.sock'), resolve));
  try {
    const r = await scanSide(options(root));
    assert.deepEqual([...r.tree.keys()], ['a.txt']);
    assert.deepEqual(r.problems.map((p) => [p.path, p.code]), [['app.sock', 'special']]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}));

test('scan: an unreadable folder is a problem, the pass goes on; an unreadable root stops', { skip: process.platform === 'win32' && 'chmod does not deny reads on Windows' }, (t) => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { locked: { 'inside.txt': 'i' }, 'ok.txt': 'o' });
  write(join(dir, 'closed'), { 'a.txt': 'a' });
  chmodSync(dir, 0o755);
  chmodSync(join(root, 'locked'), 0o000);
  chmodSync(join(dir, 'closed'), 0o000);
  try {
    const asUser = readable(join(root, 'locked')) ? unprivilegedUid() : undefined;
    if (readable(join(root, 'locked')) && asUser === undefined) {
      t.skip('privileged and cannot switch user: chmod 000 does not stop this process from reading');
      return;
    }
    // As root, chmod 000 denies nothing: the scan runs in a child process as `nobody` instead.
    const r = await scanInChild(options(root), asUser);
    assert.deepEqual(r.keys, ['locked', 'ok.txt'], JSON.stringify(r));
    assert.deepEqual(r.problems?.map((p) => [p.path, p.code]), [['locked', 'EACCES']]);
    assert.deepEqual(r.incomplete, ['locked']);
    const closed = await scanInChild(options(join(dir, 'closed')), asUser);
    assert.deepEqual([closed.error, closed.reason], ['SafetyStop', 'rootUnreadable']);
  } finally {
    chmodSync(join(root, 'locked'), 0o755);
    chmodSync(join(dir, 'closed'), 0o755);
  }
}));

test('scan: case collisions keep the first name in sorted order', { skip: !caseSensitiveTmp() && 'the temp disk folds case' }, () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'Report.txt': 'upper', 'report.txt': 'lower', Docs: { 'a.txt': 'A' }, docs: { 'b.txt': 'B' } });
  const r = await scanSide(options(root));
  assert.deepEqual([...r.tree.keys()], ['docs', 'report.txt', 'docs/a.txt'], 'a folder\'s entries, then its subfolders');
  assert.equal(r.tree.get('report.txt')?.rel, 'Report.txt');
  assert.equal(r.tree.get('docs')?.rel, 'Docs');
  assert.deepEqual(r.problems.map((p) => [p.path, p.code]), [['docs', 'caseCollision'], ['report.txt', 'caseCollision']]);
  assert.deepEqual(r.incomplete, ['docs', 'report.txt']);
  const sensitive = await scanSide(options(root, {}, false));
  assert.equal(sensitive.files, 4);
  assert.deepEqual(sensitive.problems, []);
}));

test('scan: NFC and NFD twins collide even when case-sensitive', { skip: !caseSensitiveTmp() && 'the temp disk normalises names' }, () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { 'caf\u00e9.txt': 'nfc', 'cafe\u0301.txt': 'nfd' });
  const r = await scanSide(options(root, {}, false));
  assert.deepEqual([...r.tree.keys()], ['caf\u00e9.txt']);
  assert.equal(r.tree.get('caf\u00e9.txt')?.rel, 'cafe\u0301.txt', 'NFD sorts first (e < é)');
  assert.deepEqual(r.problems.map((p) => [p.path, p.code]), [['caf\u00e9.txt', 'caseCollision']]);
}));

test('scan: a missing root, or a file as root, stops with SafetyStop', () => withTmp(async (dir) => {
  writeFileSync(join(dir, 'file'), 'x');
  for (const [root, reason] of [[join(dir, 'nope'), 'rootMissing'], [join(dir, 'file'), 'rootMissing']] as const) {
    await assert.rejects(scanSide({ ...options(root), side: 'right' }), (err: unknown) => {
      assert.ok(err instanceof SafetyStop, String(err));
      assert.equal(err.reason, reason);
      assert.equal(err.exitCode, 3);
      assert.deepEqual(err.details, { side: 'right', path: root });
      assert.match(err.message, /right root/);
      return true;
    });
  }
}));

test('scan: worker and inline walks give the same result', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  write(root, { a: { b: { 'c.txt': 'c' }, 'Thumbs.db': 't' }, 'z.txt': 'z', 'é.txt': 'e' });
  const inWorker = await scanSide(options(root));
  const inline = await scanSide(options(root, { inline: true }));
  assert.deepEqual([...inWorker.tree], [...inline.tree]);
  assert.deepEqual(inWorker.problems, inline.problems);
}));

test('scan: a tree larger than one batch arrives whole, worker and inline alike', () => withTmp(async (dir) => {
  const root = join(dir, 'left');
  const folders: Record<string, Record<string, string>> = {};
  for (let f = 0; f < 90; f++) {
    folders[`folder ${f}`] = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`file ${i}.txt`, '']));
  }
  write(root, folders);
  const inWorker = await scanSide(options(root));
  assert.deepEqual([inWorker.files, inWorker.dirs, inWorker.tree.size], [9000, 90, 9090]);
  assert.equal(inWorker.tree.get('folder 89/file 99.txt')?.rel, 'folder 89/file 99.txt');
  assert.deepEqual([...inWorker.tree], [...(await scanSide(options(root, { inline: true }))).tree]);
}));

test('scanBoth: both sides from a config', () => withTmp(async (dir) => {
  write(join(dir, 'L'), { 'a.txt': 'a', shared: { 'x.txt': 'x' } });
  write(join(dir, 'R'), { 'b.txt': 'b', shared: { 'x.txt': 'x' } });
  const config = resolveConfig({ left: 'L', right: 'R' }, join(dir, 'config.json5'));
  const { left, right } = await scanBoth(config);
  assert.deepEqual([left.side, left.files, left.dirs, right.side, right.files], ['left', 2, 1, 'right', 2]);
  assert.ok(right.tree.has('shared/x.txt') && left.tree.has('a.txt') && !left.tree.has('b.txt'));
}));

// Whether the temp folder's file system tells 'A' from 'a' (not on macOS or Windows defaults).
function caseSensitiveTmp(): boolean {
  const dir = makeTmp('sw-case-');
  try {
    writeFileSync(join(dir, 'CaseProbe'), '');
    return !readable(join(dir, 'caseprobe'));
  } finally {
    removeTmp(dir);
  }
}
