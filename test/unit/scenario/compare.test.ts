import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConflictRecord } from '../../../src/model/conflict.js';
import { compareOutcome, compareTrees, formatMismatch, type Actual } from '../../../src/scenario/compare.js';
import { EPOCH } from '../../../src/scenario/time.js';
import type { TreeLiteral } from '../../../src/scenario/format.js';
import { flattenTree, type FlatTree } from '../../../src/scenario/tree.js';

const keyOf = (rel: string) => rel.toLowerCase();

function disk(literal: TreeLiteral): FlatTree {
  const flat = flattenTree(literal);
  for (const entry of flat.values()) if (entry.type === 'file') Object.assign(entry, { mtimeMs: entry.mtimeMs ?? EPOCH, mode: entry.mode ?? 0o644 });
  return flat;
}

function actual(over: Partial<Actual> = {}): Actual {
  const tree = disk({ 'a.txt': 'A' });
  return {
    left: tree, right: tree, trash: { left: new Map(), right: new Map() }, conflicts: [], counts: {},
    plan: [], problems: [], exitCode: 0, failures: [], ...over,
  };
}

function conflict(key: string, rule: string, status: 'open' | 'settled', option = 'option1'): ConflictRecord {
  const side = { rel: key, size: 1, mtimeMs: EPOCH };
  return { key, rule, option, newer: 'left', left: side, right: side, actions: [], status, firstSeen: '', lastSeen: '' };
}

const treeRows: { description: string; expected: TreeLiteral; found: TreeLiteral; mismatches: string[] }[] = [
  { description: 'equal trees', expected: { 'a.txt': 'A', 'd/': {} }, found: { 'a.txt': 'A', 'd/': {} }, mismatches: [] },
  { description: 'missing file', expected: { 'a.txt': 'A', 'b.txt': 'B' }, found: { 'a.txt': 'A' }, mismatches: ['left: b.txt: expected a file "B", found nothing'] },
  { description: 'extra folder reported once, not per child', expected: {}, found: { 'd/': { 'x.txt': 'X' } }, mismatches: ['left: d: expected nothing, found a folder'] },
  { description: 'file where a folder was expected', expected: { 'd/': {} }, found: { d: 'D' }, mismatches: ['left: d: expected a folder, found a file "D"'] },
  { description: 'content differs', expected: { 'a.txt': 'new' }, found: { 'a.txt': 'old' }, mismatches: ['left: a.txt: expected "new", found "old"'] },
  { description: 'mtime compared only when given', expected: { 'a.txt': { content: 'A', mtime: '+1h' } }, found: { 'a.txt': 'A' }, mismatches: ['left: a.txt: expected mtime +1h, found mtime +0s'] },
  { description: 'mode compared only when given', expected: { 'a.txt': { content: 'A', mode: '600' } }, found: { 'a.txt': 'A' }, mismatches: ['left: a.txt: expected mode 600, found mode 644'] },
];
for (const row of treeRows) {
  test(`compareTrees: ${row.description}`, () => {
    assert.deepEqual(compareTrees('left', flattenTree(row.expected), disk(row.found)).map(formatMismatch), row.mismatches);
  });
}

test('compareOutcome: expect.both is compared with each side', () => {
  const got = compareOutcome({ both: { 'a.txt': 'A' } }, actual({ right: disk({ 'a.txt': 'B' }) }), keyOf);
  assert.deepEqual(got.map(formatMismatch), ['right: a.txt: expected "A", found "B"']);
});

test('compareOutcome: omitted trash, conflicts and problems mean none; omitted counts and plan are not compared', () => {
  const got = compareOutcome({ both: { 'a.txt': 'A' } }, actual({
    trash: { left: disk({ 'old.txt': 'O' }), right: new Map() },
    conflicts: [conflict('a.txt', 'bothChanged', 'settled')],
    problems: [{ path: 'x', side: 'left', code: 'EACCES', message: 'denied' }],
    counts: { copies: 3 }, plan: ['copy left->right a.txt'],
  }), keyOf);
  assert.deepEqual(got.map((m) => m.where), ['trash.left', 'conflicts', 'problems']);
});

test('compareOutcome: conflicts match by key and rule, then option and status', () => {
  const found = actual({ conflicts: [conflict('report.docx', 'bothChanged', 'open', 'option3')] });
  assert.deepEqual(compareOutcome({ both: { 'a.txt': 'A' }, conflicts: [{ path: 'Report.docx', rule: 'bothChanged', status: 'open' }] }, found, keyOf), []);
  const wrong = compareOutcome({ both: { 'a.txt': 'A' }, conflicts: [{ path: 'report.docx', rule: 'bothChanged', status: 'settled' }] }, found, keyOf);
  assert.deepEqual(wrong.map(formatMismatch), ['conflicts: report.docx: expected bothChanged settled, found bothChanged option3 open']);
});

test('compareOutcome: only listed counts, plan as a multiset, exit code with failures', () => {
  const found = actual({ counts: { copies: 1, recorded: 4 }, plan: ['copy left->right a.txt', 'record b.txt'], exitCode: 1, failures: ['copy left->right a.txt: EBUSY'] });
  const got = compareOutcome({ both: { 'a.txt': 'A' }, counts: { copies: 2 }, plan: ['record b.txt', 'mkdir right d'] }, found, keyOf);
  assert.deepEqual(got.map(formatMismatch), [
    'counts: copies: expected 2, found 1',
    'plan: expected mkdir right d, found not planned',
    'plan: expected not planned, found copy left->right a.txt',
    'exitCode: expected 0, found 1 (copy left->right a.txt: EBUSY)',
  ]);
});

test('compareOutcome: an expected problem without a side matches either side', () => {
  const found = actual({ problems: [{ path: 'link', side: 'right', code: 'symlink', message: 'not followed' }] });
  assert.deepEqual(compareOutcome({ both: { 'a.txt': 'A' }, problems: [{ path: 'link', code: 'symlink' }] }, found, keyOf), []);
});

test('compareOutcome on Windows: a golden plan line\'s POSIX mode is compared as Windows keeps it (666, or 444 read-only)', () => {
  const plan = ['props right a.txt mode 644 mtime +1h', 'props right b.txt mode 444', 'copy left->right c.txt'];
  const found = actual({ plan: ['props right a.txt mode 666 mtime +1h', 'props right b.txt mode 444', 'copy left->right c.txt'] });
  assert.deepEqual(compareOutcome({ both: { 'a.txt': 'A' }, plan }, found, keyOf, 'windows'), []);
  assert.deepEqual(compareOutcome({ both: { 'a.txt': 'A' }, plan }, found, keyOf).map(formatMismatch), [
    'plan: expected props right a.txt mode 644 mtime +1h, found not planned',
    'plan: expected not planned, found props right a.txt mode 666 mtime +1h',
  ]);
  const readOnly = actual({ plan: ['props right a.txt mode 444 mtime +1h'] });
  assert.equal(compareOutcome({ both: { 'a.txt': 'A' }, plan: [plan[0]] }, readOnly, keyOf, 'windows').length, 2);
});
