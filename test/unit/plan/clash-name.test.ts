import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clashRel, clashStamp, splitExt } from '../../../src/plan/clash-name.js';

const mtime = new Date(2026, 10, 25, 4, 12, 30).getTime(); // local time, as the clash name is

test('clashStamp formats local YYYYMMDDHHMM', () => assert.equal(clashStamp(mtime), '202611250412'));

const rows = [
  { rel: 'report.docx', taken: [], expect: 'report_clash_202611250412.docx', description: 'plain name' },
  { rel: 'sub/a.tar.gz', taken: [], expect: 'sub/a.tar_clash_202611250412.gz', description: 'splits at the last dot' },
  { rel: '.gitignore', taken: [], expect: '.gitignore_clash_202611250412', description: 'leading dot only: no extension' },
  { rel: 'Makefile', taken: [], expect: 'Makefile_clash_202611250412', description: 'no extension' },
  { rel: 'r.docx', taken: ['r_clash_202611250412.docx'], expect: 'r_clash_202611250412_2.docx', description: 'collision adds _2' },
  { rel: 'r.docx', taken: ['r_clash_202611250412.docx', 'r_clash_202611250412_2.docx'], expect: 'r_clash_202611250412_3.docx', description: 'then _3' },
];
for (const row of rows) {
  test(`clashRel: ${row.description}`, () => {
    assert.equal(clashRel(row.rel, mtime, (c) => row.taken.includes(c)), row.expect);
  });
  assert.deepEqual(splitExt('a.b.c'), { stem: 'a.b', ext: '.c' });
}
