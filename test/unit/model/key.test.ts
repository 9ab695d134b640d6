import { test } from 'node:test';
import assert from 'node:assert/strict';
import { depth, isUnder, parentKey, toKey } from '../../../src/model/key.js';

const rows = [
  { rel: 'Docs/Report.DOCX', ci: true, key: 'docs/report.docx', description: 'case-folded with Windows semantics' },
  { rel: 'Docs/Report.DOCX', ci: false, key: 'Docs/Report.DOCX', description: 'kept when case-sensitive' },
  { rel: 'Docs\\a.txt', ci: false, key: 'Docs/a.txt', description: 'backslashes become /' },
  { rel: 'Cafe\u0301.txt', ci: false, key: 'Caf\u00e9.txt', description: 'NFD becomes NFC' },
  { rel: 'CAFE\u0301.txt', ci: true, key: 'caf\u00e9.txt', description: 'NFD upper case folds to NFC lower case' },
];
for (const row of rows) test(`toKey: ${row.description}`, () => assert.equal(toKey(row.rel, row.ci), row.key));

test('parentKey, depth, isUnder', () => {
  assert.equal(parentKey('a/b/c'), 'a/b');
  assert.equal(parentKey('a'), '');
  assert.deepEqual([depth(''), depth('a'), depth('a/b/c')], [0, 1, 3]);
  assert.equal(isUnder('a/b', 'a'), true);
  assert.equal(isUnder('ab', 'a'), false);
  assert.equal(isUnder('x', ''), true);
});
