import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileIgnore, ignoresPath, ignoreSpecOf, type IgnoreSpec } from '../../../src/scan/ignore.js';

interface Row {
  description: string;
  rel: string;
  dir?: boolean;
  ignored: boolean;
  /** Spec changes for this row (defaults: default list on, no user patterns, case-insensitive). */
  spec?: { ignore?: string[]; ignoreDefaults?: boolean; caseInsensitive?: boolean; trash?: string };
}

const rows: Row[] = [
  { description: 'Office lock file, any depth', rel: 'Accounts/~$budget.xlsx', ignored: true },
  { description: 'LibreOffice lock file', rel: 'a/.~lock.report.odt#', ignored: true },
  { description: 'Word temp ~*.tmp', rel: '~WRL0001.tmp', ignored: true },
  { description: '*.tmp anywhere', rel: 'x/y/z/save.tmp', ignored: true },
  { description: '*.tmp with a leading dot still matches', rel: '.hidden.tmp', ignored: true },
  { description: 'Thumbs.db in a subfolder', rel: 'Photos/Thumbs.db', ignored: true },
  { description: 'desktop.ini', rel: 'desktop.ini', ignored: true },
  { description: '.DS_Store', rel: 'a/.DS_Store', ignored: true },
  { description: '$RECYCLE.BIN folder', rel: '$RECYCLE.BIN', dir: true, ignored: true },
  { description: 'System Volume Information folder', rel: 'System Volume Information', dir: true, ignored: true },
  { description: 'cloud conflict copy', rel: 'a/report [conflicted].docx.conflicted', ignored: true },
  { description: 'ordinary file', rel: 'Accounts/report.docx', ignored: false },
  { description: 'name merely containing tmp', rel: 'tmp/notes.tmpl', ignored: false },
  { description: 'defaults are case-insensitive by default', rel: 'THUMBS.DB', ignored: true },
  { description: 'case-sensitive config keeps THUMBS.DB', rel: 'THUMBS.DB', ignored: false, spec: { caseInsensitive: false } },
  { description: 'case-sensitive config still ignores Thumbs.db', rel: 'Thumbs.db', ignored: true, spec: { caseInsensitive: false } },
  { description: 'ignoreDefaults:false drops the list', rel: 'Thumbs.db', ignored: false, spec: { ignoreDefaults: false } },
  { description: 'ignoreDefaults:false keeps user patterns', rel: 'a/b.bak', ignored: true, spec: { ignoreDefaults: false, ignore: ['*.bak'] } },
  { description: 'user pattern adds to the defaults', rel: 'a/b.bak', ignored: true, spec: { ignore: ['*.bak'] } },
  { description: 'defaults stay with a user pattern', rel: 'a/Thumbs.db', ignored: true, spec: { ignore: ['*.bak'] } },
  { description: 'basename pattern with a glob class', rel: 'x/draft1.doc', ignored: true, spec: { ignore: ['draft[0-9].doc'] } },
  { description: 'path pattern matches from the root', rel: 'Accounts/old/2019.xlsx', ignored: true, spec: { ignore: ['Accounts/old/**'] } },
  { description: 'path pattern does not float to depth', rel: 'x/Accounts/old/2019.xlsx', ignored: false, spec: { ignore: ['Accounts/old/**'] } },
  { description: 'leading slash anchors a name at the root', rel: 'scratch.txt', ignored: true, spec: { ignore: ['/scratch.txt'] } },
  { description: 'leading slash: not deeper', rel: 'a/scratch.txt', ignored: false, spec: { ignore: ['/scratch.txt'] } },
  { description: 'Windows backslashes in a pattern', rel: 'Accounts/old', dir: true, ignored: true, spec: { ignore: ['Accounts\\old'] } },
  { description: 'trailing slash: folders only (folder)', rel: 'a/build', dir: true, ignored: true, spec: { ignore: ['build/'] } },
  { description: 'trailing slash: folders only (file)', rel: 'a/build', dir: false, ignored: false, spec: { ignore: ['build/'] } },
  { description: 'inside an ignored folder', rel: 'a/build/x.txt', ignored: true, spec: { ignore: ['build/'] } },
  { description: 'trash folder at the root', rel: '.sync_trash', dir: true, ignored: true },
  { description: 'trash folder content', rel: '.sync_trash/20260101-000000/a.txt', ignored: true },
  { description: 'trash folder name, any case', rel: '.SYNC_TRASH', dir: true, ignored: true },
  { description: 'trash name below the root is user data', rel: 'a/.sync_trash', dir: true, ignored: false },
  { description: 'trash folder even with ignoreDefaults:false', rel: '.sync_trash', dir: true, ignored: true, spec: { ignoreDefaults: false } },
  { description: 'configured trash name', rel: 'Papierkorb', dir: true, ignored: true, spec: { trash: 'Papierkorb' } },
  { description: 'engine temp file anywhere', rel: 'a/b/.syncwarden-tmp-1234-report.docx', ignored: true },
  { description: 'engine temp file with ignoreDefaults:false', rel: '.syncwarden-tmp-x', ignored: true, spec: { ignoreDefaults: false } },
  { description: 'pattern in NFC matches an NFD name', rel: 'Bu\u0308ro/x.txt', ignored: true, spec: { ignore: ['B\u00fcro/'] } },
  { description: 'pattern in NFD matches an NFC name', rel: 'caf\u00e9.txt', ignored: true, spec: { ignore: ['cafe\u0301.txt'] } },
];

function specFor(row: Row): IgnoreSpec {
  const s = row.spec ?? {};
  return ignoreSpecOf({
    ignore: s.ignore ?? [],
    ignoreDefaults: s.ignoreDefaults ?? true,
    caseInsensitive: s.caseInsensitive ?? true,
    softDelete: { folder: s.trash ?? '.sync_trash' } as never,
  });
}

for (const row of rows) {
  test(`ignore: ${row.description}`, () => {
    const matcher = compileIgnore(specFor(row));
    assert.equal(ignoresPath(matcher, row.rel, row.dir ?? false), row.ignored, row.rel);
  });
}

test('ignore: name() and dir() split the decision the way the walk asks', () => {
  const m = compileIgnore(specFor({ description: '', rel: '', ignored: false, spec: { ignore: ['build/'] } }));
  assert.equal(m.name('a/build', 'build'), false, 'a folder-only pattern says nothing before the type is known');
  assert.equal(m.dir('a/build', 'build'), true);
  assert.equal(m.name('a/Thumbs.db', 'Thumbs.db'), true);
});

test('ignore: 100k names take seconds at most (no pathological pattern)', () => {
  const m = compileIgnore(specFor({ description: '', rel: '', ignored: false, spec: { ignore: ['*.bak', 'Accounts/old/**'] } }));
  const t0 = performance.now();
  for (let i = 0; i < 100_000; i++) m.name(`Projects/client ${i % 97}/report ${i}.docx`, `report ${i}.docx`);
  assert.ok(performance.now() - t0 < 10_000);
});
