import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import JSON5 from 'json5';
import { parseJson5, toJson } from '../../../src/config/json5-read.js';
import { projectRoot } from '../../../src/config/project.js';

type Outcome = ({ ok: true; value: unknown; shape: string } | { ok: false; message: string; line?: number; column?: number }) & { warnings: string[] };

// The same value, the same key order and own-property set (JSON.stringify alone would hide __proto__), or the same
// error; and the same warnings (the package warns about a raw U+2028 in a string).
function outcome(parse: (text: string) => unknown, text: string): Outcome {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    const value = parse(text);
    return { ok: true, value, shape: shapeOf(value), warnings };
  } catch (err) {
    const e = err as { message: string; lineNumber?: number; columnNumber?: number };
    return { ok: false, message: e.message, line: e.lineNumber, column: e.columnNumber, warnings };
  } finally {
    console.warn = warn;
  }
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shapeOf).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) === Object.prototype ? '' : '!proto';
    return `{${proto}${Object.getOwnPropertyNames(value).map((k) => `${JSON.stringify(k)}:${shapeOf((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return Object.is(value, -0) ? '-0' : `${typeof value}:${String(value)}`;
}

function assertSame(text: string): void {
  assert.deepEqual(outcome(parseJson5, text), outcome(JSON5.parse, text), `for ${JSON.stringify(text)}`);
}

test('parseJson5 agrees with the json5 package on its edge cases, values and errors alike', () => {
  const cases = [
    '{}', '[]', '1', '"s"', "'s'", '', ' ', 'null', 'true', '-0', '1e5', '0x1F', '.5', '5.', '+1', 'Infinity', '-Infinity', 'NaN',
    '[,]', '[1,,]', '[1,]', '{a:1,}', '{,}', '{a:,}', '{a:1,,}', '[1 /* c */ ,]', '[1, // c\n]', '{a:1, /* x */ }',
    "{a: 'it\\'s'}", '{a: "say \\"hi\\""}', `{a: 'a"b'}`, "{a: 'a\\\"b'}", '{a: "it\\\'s"}', "{'a b': 1}", '{"a": 1}',
    "{a: 'x // not a comment'}", "{a: '/* nor this */'}", "// don't\n{a: 1}", "/* ' */ {a: 1}", '{a: 1} // end', '{a: 1} /* open',
    '{a: "line\\\ncontinued"}', "{a: 'line\\\ncontinued'}", "{a: 'raw\nbreak'}", '{a: "tab\there"}', "{a: 'x\\x41'}", "{a: '\\0'}",
    "{a: '\\v'}", "{a: '\\q'}", "{a: '\\u0041\\n\\t\\\\\\/'}", "{a: '\\u00'}", '{a: "\u2028"}', "{a: '\u2029'}", "{a: '\\\u2028'}",
    '{__proto__: {x: 1}}', '{"__proto__": 1}', '{a: 1, a: 2, b: 3}', '{true: 1, null: 2, Infinity: 3, NaN: 4}', '{$_a9: 1}',
    '{9a: 1}', '{-a: 1}', '{a-b: 1}', '{a /* c */ : 1}', '{a\n:\n1}', '[a: 1]', '[true: 1]', '{a: b}', '{a: 1 b: 2}',
    '\uFEFF{a: 1}', '{a:\u00A01}', '{é: 1}', '{a\\u0062: 1}', '{a: 01}', '{a: 1.5e-3}', '{a: [1, [2, {b: [3,],},],]}',
    "{a: '", '{a: "', "{a: 'x", '"unterminated', "'a' 'b'", '1 2', '{a: 1}}', '[1]]', '{"a": 1, \'b\': 2, c: 3,}',
    "{a: '😀', b: '\\😀'}", '{a: "\\ud83d\\ude00"}', "{k: ''}", "{k: \"\"}", "{'': 1}", '{"": 1}',
  ];
  for (const text of cases) assertSame(text);
});

test('parseJson5 reads every JSON5 file of the project as the json5 package does', () => {
  const root = projectRoot();
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.json5')) files.push(path);
    }
  };
  visit(root);
  assert.ok(files.some((f) => f.endsWith(join('policies', 'default.json5'))), 'the default policy is among them');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assertSame(text);
    // And each of them takes the fast path (JSON.parse of the rewrite), not the package.
    assert.doesNotThrow(() => JSON.parse(toJson(text)), file);
  }
});

// Texts put together from JSON5's pieces, valid or not: whatever the mix, both parsers must agree.
const piece = fc.constantFrom(
  '{', '}', '[', ']', ',', ':', ' ', '\n', '\t', '\r\n', 'a', 'key', '$k', '_1', 'true', 'null', 'NaN', 'Infinity', '1', '-2.5',
  '0x10', '.5', '1e3', '"s"', "'s'", "'it\\'s'", '"q\\"q"', `'a"b'`, '"\\n"', "'\\x41'", "'\\\n'", '"\\u0041"', '// c\n', '/* c */',
  '/*', '*/', '//', "'", '"', '\\', '/', '\u00A0', '\u2028', 'é', '__proto__', "'// x'", '"/* y */"', '"a:b"', "'{,}'",
);

test('parseJson5 agrees with the json5 package on generated texts (fixed seed)', () => {
  fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => assertSame(pieces.join(''))), { seed: 20261204, numRuns: 4000 });
  // Mostly well-formed ones too: objects and arrays of those pieces.
  const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      piece,
      fc.array(fc.tuple(fc.constantFrom('a', "'b c'", '"d"', 'true', '$'), piece, tie('v'), fc.constantFrom(',', ', ', ' ,\n', '')), { maxLength: 4 })
        .map((entries) => `{${entries.map(([k, sp, v, c]) => `${k}${sp}:${v}${c}`).join('')}}`),
      fc.array(fc.tuple(tie('v'), fc.constantFrom(',', ', /* c */', ',// c\n', '')), { maxLength: 4 })
        .map((items) => `[${items.map(([v, c]) => `${v}${c}`).join('')}]`),
    ),
  })).v;
  fc.assert(fc.property(value, (text) => assertSame(text)), { seed: 4120, numRuns: 4000 });
});
