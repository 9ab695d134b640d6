import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSON5 from 'json5';
import { setTopLevel, toJson5 } from '../../../src/scenario/json5-text.js';

test('toJson5 keeps short containers on one line, with bare keys and single quotes', () => {
  assert.equal(toJson5({ both: { 'a.txt': 'v1', n: 2 }, list: [] }), "{ both: { 'a.txt': 'v1', n: 2 }, list: [] }");
});

test('toJson5 breaks long containers with trailing commas, and the result parses back', () => {
  const value = { plan: ['copy left->right some/rather/long/path/name.txt', 'rename right a.txt -> a_clash_202611250412.txt', 'record x'] };
  const text = toJson5(value, '', 60);
  assert.match(text, /^\{\n {2}plan: \[\n {4}'copy/);
  assert.match(text, /,\n {2}\],\n\}$/);
  assert.deepEqual(JSON5.parse(text), value);
});

test('setTopLevel replaces one top-level value and keeps comments and the other keys as written', () => {
  const text = `// why this scenario exists
{
  name: 'x', // the name
  expect: {
    // hand comment, lost with the old value
    both: { 'a.txt': "it's, {tricky}" },
  },
  'after': [1, 2], /* kept */
}
`;
  const out = setTopLevel(text, 'expect', { both: { 'a.txt': 'B' } });
  assert.equal(out, `// why this scenario exists
{
  name: 'x', // the name
  expect: {
    both: { 'a.txt': 'B' },
  },
  'after': [1, 2], /* kept */
}
`);
});

test('setTopLevel finds a quoted key and ignores nested keys of the same name', () => {
  const text = `{ inner: { expect: 1 }, "expect": 2 }`;
  assert.equal(setTopLevel(text, 'expect', 3), `{ inner: { expect: 1 }, "expect": 3 }`);
});

test('toJson5 escapes combining marks and invisible characters, keeps other letters', () => {
  assert.equal(toJson5({ 'cafe\u0301.txt': 'caf\u00e9\u200b' }), "{ 'cafe\\u0301.txt': 'café\\u200b' }");
  assert.deepEqual(JSON5.parse(toJson5({ 'cafe\u0301.txt': 1 })), { 'cafe\u0301.txt': 1 });
});

test('setTopLevel adds a missing key at the end', () => {
  const out = setTopLevel(`{\n  name: 'x'\n}\n`, 'expect', { both: {} });
  assert.deepEqual(JSON5.parse(out), { name: 'x', expect: { both: {} } });
});
