import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnBuilder, columnsToTree, transferablesOf } from '../../../src/scan/columns.js';

const chunks: { description: string; rels: string[]; wide: boolean }[] = [
  { description: 'ASCII', rels: ['a.txt', 'Sub dir'], wide: false },
  { description: 'Latin-1 stays one byte a character', rels: ['Büro/Résumé.docx', 'Sub dir/naïve Ångström'], wide: false },
  { description: 'a euro sign widens the column', rels: ['Büro/Rechnung 100€.pdf'], wide: true },
  { description: 'after widening: CJK, emoji (surrogate pairs), NFD', rels: ['日本語/ファイル.txt', 'x/🙂 smile.png', 'cafe\u0301.txt'], wide: true },
];

test('columns: text round-trips through Latin-1 and UTF-16 bytes, numbers through typed arrays', () => {
  const builder = new ColumnBuilder();
  let n = 0;
  const expected: [string, string, number][] = [];
  for (const chunk of chunks) {
    for (const rel of chunk.rels) {
      builder.add(n % 2 === 1, n * 1000, 1_700_000_000_000 + n, 0o644, 10 + n);
      expected.push([rel.toLowerCase(), rel, n++]);
    }
    builder.text(chunk.rels, chunk.rels.map((r) => r.toLowerCase()));
    builder.text([], []);
  }
  for (let i = 0; i < 3000; i++) {
    builder.add(false, i, i, 0o600, i);
    builder.text([`bulk/${i}`], [`bulk/${i}`]);
    expected.push([`bulk/${i}`, `bulk/${i}`, -1]);
  }
  const columns = structuredClone(builder.pack());
  assert.equal(columns.rels.wide, true);
  const { tree, files, dirs } = columnsToTree(columns);
  assert.equal(tree.size, expected.length);
  assert.deepEqual([files, dirs], [n - Math.floor(n / 2) + 3000, Math.floor(n / 2)]);
  for (const [key, rel, i] of expected) {
    const entry = tree.get(key);
    assert.equal(entry?.rel, rel, key);
    if (i >= 0) assert.deepEqual(entry, { rel, type: i % 2 ? 'dir' : 'file', size: i * 1000, mtimeMs: 1_700_000_000_000 + i, mode: 0o644, ino: 10 + i });
  }
});

test('columns: an all Latin-1 listing stays narrow and transfers every buffer', () => {
  const builder = new ColumnBuilder();
  builder.add(false, 1, 2, 3, 4);
  builder.text(['Übersicht.xlsx'], ['übersicht.xlsx']);
  const columns = builder.pack();
  assert.equal(columns.rels.wide, false);
  assert.equal(transferablesOf(columns).length, 7);
  assert.deepEqual([...columnsToTree(columns).tree.keys()], ['übersicht.xlsx']);
});

test('columns: an empty listing', () => {
  const { tree, files, dirs } = columnsToTree(new ColumnBuilder().pack());
  assert.deepEqual([tree.size, files, dirs], [0, 0, 0]);
});
