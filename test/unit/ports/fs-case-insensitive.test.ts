import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { caseInsensitive, ntfsFold, resolvePath } from '../../../src/ports/case-insensitive-fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

describe('caseInsensitive', () => {
  let dir: string;
  beforeEach(() => (dir = makeTmp('sw-insens-')));
  afterEach(() => removeTmp(dir));
  const fs = caseInsensitive(nodeFs());
  const ls = (...p: string[]) => readdirSync(join(dir, ...p)).filter((n) => n !== '.syncwarden-test-root').sort();

  it('resolves each segment by case, keeping the missing tail as given', async () => {
    mkdirSync(join(dir, 'Docs', 'Café'), { recursive: true });
    writeFileSync(join(dir, 'Docs', 'Café', 'Report.TXT'), 'x');
    assert.equal(await resolvePath(nodeFs(), join(dir, 'DOCS', 'CAFÉ', 'report.txt')), join(dir, 'Docs', 'Café', 'Report.TXT'));
    assert.equal(await resolvePath(nodeFs(), join(dir, 'docs', 'NEW', 'x')), join(dir, 'Docs', 'NEW', 'x'));
    assert.equal((await fs.stat(join(dir, 'docs', 'CAFÉ', 'REPORT.txt')))!.size, 1);
    let read = '';
    for await (const chunk of fs.readStream(join(dir, 'docs', 'café', 'report.txt'))) read += Buffer.from(chunk).toString();
    assert.equal(read, 'x');
    assert.equal(fs.native, undefined, 'a decorated port is never taken for the native disk');
  });

  it('folds case as NTFS does: no Unicode normalisation, one UTF-16 unit for one', async () => {
    const nfc = 'Caf\u00e9';
    const nfd = 'Cafe\u0301';
    mkdirSync(join(dir, nfc));
    assert.equal(await fs.stat(join(dir, nfd)), null, 'NFD and NFC are two names on NTFS');
    await fs.mkdir(join(dir, nfd));
    assert.deepEqual(ls(), [nfd, nfc].sort());
    assert.equal(ntfsFold('straße'), 'STRAßE', 'ß has no one-unit upper case');
    assert.notEqual(ntfsFold('STRASSE'), ntfsFold('straße'));
    assert.equal(ntfsFold('\u212a'), '\u212a', 'the Kelvin sign is already upper case: not the letter K');
    assert.equal(ntfsFold('Ärger.TXT'), 'ÄRGER.TXT');
  });

  it('finds an existing case variant: a copy onto it is refused (copies create their file exclusively), mkdir keeps its spelling', async () => {
    writeFileSync(join(dir, 'a.TXT'), 'src');
    writeFileSync(join(dir, 'Data.bin'), 'old');
    await assert.rejects(fs.copyFile(join(dir, 'a.TXT'), join(dir, 'DATA.BIN')), { code: 'EEXIST' });
    assert.deepEqual(ls(), ['Data.bin', 'a.TXT']);
    assert.equal(readFileSync(join(dir, 'Data.bin'), 'utf8'), 'old');
    mkdirSync(join(dir, 'Folder'));
    await fs.mkdir(join(dir, 'FOLDER'), true);
    await assert.rejects(fs.mkdir(join(dir, 'folder')), { code: 'EEXIST' });
    assert.deepEqual(ls(), ['Data.bin', 'Folder', 'a.TXT']);
  });

  it('renames to another spelling of the same entry: the spelling changes', async () => {
    mkdirSync(join(dir, 'Sub'));
    writeFileSync(join(dir, 'Sub', 'file.txt'), 'x');
    await fs.rename(join(dir, 'sub', 'FILE.txt'), join(dir, 'SUB', 'File.Txt'));
    assert.deepEqual(ls('Sub'), ['File.Txt']);
  });

  it('renames onto a different entry of another spelling: it is replaced, spelled as asked', async () => {
    writeFileSync(join(dir, 'new'), 'new');
    writeFileSync(join(dir, 'Target.txt'), 'old');
    await fs.rename(join(dir, 'new'), join(dir, 'TARGET.txt'));
    assert.deepEqual(ls(), ['TARGET.txt']);
    assert.equal(readFileSync(join(dir, 'TARGET.txt'), 'utf8'), 'new');
  });

  it('lists real names and deletes through any spelling', async () => {
    mkdirSync(join(dir, 'Folder'));
    writeFileSync(join(dir, 'Folder', 'Thumbs.db'), '');
    assert.deepEqual((await fs.readdir(join(dir, 'FOLDER'))).map((d) => d.name), ['Thumbs.db']);
    await fs.unlink(join(dir, 'folder', 'thumbs.DB'));
    await fs.rmdir(join(dir, 'fOLDER'));
    assert.deepEqual(ls(), []);
  });
});
