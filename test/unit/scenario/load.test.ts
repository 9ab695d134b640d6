import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioErrors } from '../../../src/scenario/load.js';

const FILE = '/scenarios/x.json5';

function valid(): Record<string, unknown> {
  return { name: 'n', description: 'd', initial: { both: { 'a.txt': 'A' } }, expect: { both: { 'a.txt': 'A' } } };
}

function fields(data: unknown): string[] {
  return scenarioErrors(data, FILE).map((e) => `${e.field}: ${e.expected}`);
}

test('a minimal scenario is valid and gets its defaults', () => {
  const data = valid();
  assert.deepEqual(scenarioErrors(data, FILE), []);
  assert.equal(data.synced, true);
  assert.deepEqual(data.history, []);
  assert.equal((data.expect as Record<string, unknown>).secondSyncNoop, true);
});

const rows: { description: string; edit: (d: Record<string, unknown>) => void; errors: RegExp[] }[] = [
  { description: 'missing name', edit: (d) => delete d.name, errors: [/^name: a value \(required\)/] },
  { description: 'unknown top-level key', edit: (d) => (d.expcet = {}), errors: [/^expcet: no such key/] },
  { description: 'change with two operations', edit: (d) => (d.changes = { left: [{ write: 'a', delete: 'b' }] }), errors: [/^changes\.left\[0\]: exactly one operation/] },
  { description: 'touch without mtime', edit: (d) => (d.changes = { right: [{ touch: 'a.txt' }] }), errors: [/^changes\.right\[0\]\.mtime: a value \(required\)/] },
  { description: 'bad time', edit: (d) => (d.changes = { left: [{ write: 'a.txt', mtime: 'tomorrow' }] }), errors: [/^changes\.left\[0\]\.mtime: a time: /] },
  { description: 'path escaping the root', edit: (d) => (d.changes = { left: [{ delete: '../x' }] }), errors: [/^changes\.left\[0\]\.delete: a relative path/] },
  { description: 'tree name holding a path', edit: (d) => (d.initial = { left: { 'sub/b.txt': 'B' } }), errors: [/^initial\.left\.sub\/b\.txt: a single name/] },
  { description: 'expect with both and left', edit: (d) => (d.expect = { both: {}, left: {} }), errors: [/^expect\.both: either both, or left and right/] },
  { description: 'expect with one side only', edit: (d) => (d.expect = { left: {} }), errors: [/^expect: both, or left and right/] },
  { description: 'config key the runner owns', edit: (d) => (d.config = { left: '/x' }), errors: [/^config\.left: no such key \(the runner sets/] },
  { description: 'config value checked by the config schema', edit: (d) => (d.config = { conflicts: { bothChanged: 'option4' } }), errors: [/^config\.conflicts\.bothChanged: one of "option1"/] },
  { description: 'embedded policy checked by the policy schema', edit: (d) => (d.policies = { 'p.json5': { scope: 'A/**', rules: 'none' } }), errors: [/^policies\.p\.json5\.rules: array/] },
  { description: 'unknown conflict rule', edit: (d) => (d.expect = { both: {}, conflicts: [{ path: 'a', rule: 'bothMoved' }] }), errors: [/^expect\.conflicts\[0\]\.rule: one of/] },
];
for (const row of rows) {
  test(`scenarioErrors: ${row.description}`, () => {
    const data = valid();
    row.edit(data);
    const got = fields(data);
    for (const re of row.errors) assert.ok(got.some((line) => re.test(line)), `${re} not in:\n${got.join('\n')}`);
    assert.equal(got.length, row.errors.length, got.join('\n'));
  });
}

test('every error names the file', () => {
  const data = valid();
  delete data.name;
  assert.deepEqual(scenarioErrors(data, FILE).map((e) => e.file), [FILE]);
});
