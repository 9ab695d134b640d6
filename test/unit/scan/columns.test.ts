import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsToTree, TreeAssembler } from '../../../src/scan/assemble.js';
import { ColumnBuilder, transferablesOf } from '../../../src/scan/columns.js';

interface Row {
  description: string;
  /** Entries of one folder: name, and whether it is a folder (entered after its siblings, in order). */
  names: [string, boolean][];
}

// Walk order: each row lists one folder's entries; folders are entered in the order they appear.
const rows: Row[] = [
  { description: 'root: ASCII and Latin-1 stay one byte a character', names: [['Büro', true], ['a.txt', false], ['Sub dir', true]] },
  { description: 'Büro/: a euro sign widens the text to UTF-16', names: [['Rechnung 100€.pdf', false], ['日本語', true]] },
  { description: 'Sub dir/: after widening', names: [['naïve Ångström', false]] },
  { description: 'Büro/日本語/: CJK, emoji (surrogate pairs), NFD', names: [['ファイル.txt', false], ['🙂 smile.png', false], ['cafe\u0301.txt', false]] },
];

function build(): { builder: ColumnBuilder; expected: Map<string, { rel: string; isDir: boolean; i: number }> } {
  const builder = new ColumnBuilder();
  const expected = new Map<string, { rel: string; isDir: boolean; i: number }>();
  const folders: { index: number; rel: string }[] = [{ index: -1, rel: '' }];
  for (const row of rows) {
    const folder = folders.shift()!;
    for (const [name, isDir] of row.names) {
      const i = builder.count;
      builder.add(folder.index, isDir, isDir ? 0 : i * 1000, 1_700_000_000_000 + i, 0o644, 10 + i);
      const rel = folder.rel ? `${folder.rel}/${name}` : name;
      expected.set(rel.toLowerCase(), { rel, isDir, i });
      if (isDir) folders.push({ index: i, rel });
    }
    builder.text(row.names.map(([name]) => name), row.names.map(([name]) => name.toLowerCase()));
    builder.text([], []);
  }
  return { builder, expected };
}

test('columns: paths rebuild from names and parents; text round-trips through Latin-1 and UTF-16', () => {
  const { builder, expected } = build();
  const columns = structuredClone(builder.take());
  assert.equal(columns.names.wide, true);
  const { tree, files, dirs } = columnsToTree(columns);
  assert.deepEqual([tree.size, files, dirs], [expected.size, 6, 3]);
  for (const [key, { rel, isDir, i }] of expected) {
    assert.deepEqual(tree.get(key), { rel, type: isDir ? 'dir' : 'file', size: isDir ? 0 : i * 1000, mtimeMs: 1_700_000_000_000 + i, mode: 0o644, ino: 10 + i }, key);
  }
});

test('columns: thousands of entries cross the write batches and buffer growth intact', () => {
  const builder = new ColumnBuilder();
  builder.add(-1, true, 0, 0, 0o755, 1);
  builder.text(['bulk'], ['bulk']);
  const names = Array.from({ length: 20_000 }, (_, i) => `file number ${i} with a longer name.txt`);
  for (let i = 0; i < names.length; i++) builder.add(0, false, i, i, 0o600, i);
  builder.text(names, names);
  const { tree } = columnsToTree(builder.take());
  assert.equal(tree.size, 20_001);
  assert.equal(tree.get('bulk/file number 19999 with a longer name.txt')?.size, 19_999);
});

test('columns: an all Latin-1 listing stays narrow and transfers every buffer', () => {
  const builder = new ColumnBuilder();
  builder.add(-1, false, 1, 2, 3, 4);
  builder.text(['Übersicht.xlsx'], ['übersicht.xlsx']);
  const columns = builder.take();
  assert.equal(columns.names.wide, false);
  assert.equal(transferablesOf(columns).length, 8);
  assert.deepEqual([...columnsToTree(columns).tree.keys()], ['übersicht.xlsx']);
});

test('columns: an empty listing', () => {
  const { tree, files, dirs } = columnsToTree(new ColumnBuilder().take());
  assert.deepEqual([tree.size, files, dirs], [0, 0, 0]);
});

test('columns: batches assemble into one tree, parents reaching back into earlier batches', () => {
  const builder = new ColumnBuilder();
  const assembler = new TreeAssembler();
  builder.add(-1, true, 0, 1, 0o755, 1);
  builder.text(['Top'], ['top']);
  assembler.add(builder.take());
  builder.add(0, false, 5, 2, 0o644, 2);
  builder.add(0, true, 0, 3, 0o755, 3);
  builder.text(['a.txt', 'Inner'], ['a.txt', 'inner']);
  assembler.add(builder.take());
  builder.add(2, false, 7, 4, 0o644, 4);
  builder.text(['b.txt'], ['b.txt']);
  assembler.add(builder.take());
  assert.deepEqual([...assembler.tree].map(([k, e]) => [k, e.rel]), [['top', 'Top'], ['top/a.txt', 'Top/a.txt'], ['top/inner', 'Top/Inner'], ['top/inner/b.txt', 'Top/Inner/b.txt']]);
  assert.deepEqual([assembler.files, assembler.dirs], [2, 2]);
  assert.throws(() => assembler.add({ ...builder.take(), start: 99, count: 1 }), /out of order/);
});
