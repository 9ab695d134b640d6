import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type FieldError } from '../../../src/model/errors.js';
import { loadPolicies } from '../../../src/policy/load.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { rule, testConfig, writePolicy } from './support.js';

const tmp = makeTmp('sw-policy-errors-');
after(() => removeTmp(tmp));
let n = 0;

/** errorsOf writes the files into a fresh folder, loads it, and returns the InputError's field errors. */
function errorsOf(files: Record<string, unknown>): FieldError[] {
  const dir = join(tmp, `case${n++}`);
  mkdirSync(dir);
  for (const [name, policy] of Object.entries(files)) writePolicy(dir, name, policy);
  try {
    loadPolicies(dir, testConfig(dir));
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    return err.errors.map((e) => ({ ...e, file: e.file.slice(dir.length + 1) }));
  }
  assert.fail('expected an InputError');
}


const ok = rule('ok', 10, { left: 'deleted', right: 'deleted' }, 'forget');
const leaf = (fact: string, value: unknown, operator = 'equal') => ({ fact, operator, value });
const withRule = (r: Record<string, unknown>) => ({ rules: [ok, { name: 'r', priority: 5, conditions: { all: [leaf('left', 'created')] }, event: { type: 'copy', params: { from: 'left' } }, ...r }] });

interface Row {
  description: string;
  files: Record<string, unknown>;
  file?: string;
  field: string;
  expected: RegExp;
}

const rows: Row[] = [
  { description: 'JSON5 syntax error', files: { 'a.json5': '{ rules: [ }' }, field: '', expected: /valid JSON5 at line 1/ },
  { description: 'neither rules nor conflicts', files: { 'a.json5': { description: 'x' } }, field: 'rules', expected: /non-empty list of rules, or conflicts options or movesOut/ },
  { description: 'an empty rule list and no conflicts', files: { 'a.json5': { scope: 'A/**', rules: [], conflicts: {} } }, field: 'rules', expected: /a file with none of them changes nothing/ },
  { description: 'scope with an empty segment', files: { 'a.json5': { scope: '//A/**', rules: [ok] } }, field: 'scope', expected: /empty/ },
  { description: 'unknown top-level key', files: { 'a.json5': { ...withRule({}), rulez: [] } }, field: 'rulez', expected: /unknown field/ },
  { description: 'priority out of range', files: { 'a.json5': withRule({ priority: 0 }) }, field: "rules[1] 'r'.priority", expected: /^a number no less than 1 0$/ },
  { description: 'priority not an integer', files: { 'a.json5': withRule({ priority: 1.5 }) }, field: "rules[1] 'r'.priority", expected: /integer/ },
  { description: 'unknown fact', files: { 'a.json5': withRule({ conditions: { all: [leaf('left', 'created'), leaf('lft', 'created')] } }) }, field: "rules[1] 'r'.conditions.all[1].fact", expected: /"left", "right"/ },
  { description: 'value outside the fact domain', files: { 'a.json5': withRule({ conditions: { all: [leaf('left', 'modifed')] } }) }, field: "rules[1] 'r'.conditions.all[0].value", expected: /"modified".*values of fact left/ },
  { description: 'boolean fact compared with a string', files: { 'a.json5': withRule({ conditions: { any: [leaf('sameContent', 'true')] } }) }, field: "rules[1] 'r'.conditions.any[0].value", expected: /true, false/ },
  { description: 'option3 for bothCreated', files: { 'a.json5': withRule({ conditions: { all: [leaf('bothCreated', 'option3')] } }) }, field: "rules[1] 'r'.conditions.all[0].value", expected: /"option1", "option2"/ },
  { description: 'in without a list', files: { 'a.json5': withRule({ conditions: { all: [leaf('left', 'created', 'in')] } }) }, field: "rules[1] 'r'.conditions.all[0].value", expected: /non-empty list/ },
  { description: 'bad element in a list', files: { 'a.json5': withRule({ conditions: { all: [leaf('right', ['unchanged', 'gone'], 'notIn')] } }) }, field: "rules[1] 'r'.conditions.all[0].value[1]", expected: /values of fact right/ },
  { description: 'unknown operator', files: { 'a.json5': withRule({ conditions: { all: [leaf('left', 'created', 'startsWith')] } }) }, field: "rules[1] 'r'.conditions.all[0].operator", expected: /"equal", "notEqual", "in", "notIn"/ },
  { description: 'leaf without operator', files: { 'a.json5': withRule({ conditions: { all: [{ fact: 'left', value: 'created' }] } }) }, field: "rules[1] 'r'.conditions.all[0].operator", expected: /required/ },
  { description: 'nested not with a bad value', files: { 'a.json5': withRule({ conditions: { not: { any: [leaf('newer', 'older')] } } }) }, field: "rules[1] 'r'.conditions.not.any[0].value", expected: /values of fact newer/ },
  { description: 'leaf at the top', files: { 'a.json5': withRule({ conditions: leaf('left', 'created') }) }, field: "rules[1] 'r'.conditions", expected: /all, any or not at the top/ },
  { description: 'all and fact in one node', files: { 'a.json5': withRule({ conditions: { all: [{ all: [leaf('left', 'created')], fact: 'left' }] } }) }, field: "rules[1] 'r'.conditions.all[0]", expected: /exactly one of all, any, not or fact/ },
  { description: 'unknown action type', files: { 'a.json5': withRule({ event: { type: 'teleport', params: {} } }) }, field: "rules[1] 'r'.event.type", expected: /"inSync", "copy"/ },
  { description: 'missing required param', files: { 'a.json5': withRule({ event: { type: 'copy', params: {} } }) }, field: "rules[1] 'r'.event.params.from", expected: /copy requires from/ },
  { description: 'param value not allowed', files: { 'a.json5': withRule({ event: { type: 'keepBoth', params: { winner: 'older' } } }) }, field: "rules[1] 'r'.event.params.winner", expected: /"left", "right", "newer"/ },
  { description: 'unknown param', files: { 'a.json5': withRule({ event: { type: 'delete', params: { on: 'left', side: 'left' } } }) }, field: "rules[1] 'r'.event.params.side", expected: /no such param for delete/ },
  { description: "winner 'newer' without a tie", files: { 'a.json5': withRule({ event: { type: 'newerWins', params: { winner: 'newer' } } }) }, field: "rules[1] 'r'.event.params.tie", expected: /needed with 'newer'/ },
  { description: "a bad trash value", files: { 'a.json5': withRule({ event: { type: 'delete', params: { on: 'left', trash: 'maybe' } } }) }, field: "rules[1] 'r'.event.params.trash", expected: /"soft", true, false/ },
  { description: 'typeClash without keepName', files: { 'a.json5': withRule({ event: { type: 'typeClash', params: { conflict: 'typeClash' } } }) }, field: "rules[1] 'r'.event.params.keepName", expected: /"folder", "file", "left", "right"/ },
  { description: 'typeClash with a bad keepName', files: { 'a.json5': withRule({ event: { type: 'typeClash', params: { keepName: 'newer', conflict: 'typeClash' } } }) }, field: "rules[1] 'r'.event.params.keepName", expected: /"folder", "file", "left", "right"/ },
  { description: 'unknown conflict name', files: { 'a.json5': withRule({ event: { type: 'openConflict', params: { conflict: 'bothDeleted' } } }) }, field: "rules[1] 'r'.event.params.conflict", expected: /"bothChanged"/ },
  { description: 'duplicate rule name', files: { 'a.json5': withRule({ name: 'ok' }) }, field: "rules[1] 'ok'.name", expected: /rules\[0\] has it/ },
  { description: 'rule name with #', files: { 'a.json5': withRule({ name: 'a#b' }) }, field: "rules[1] 'a#b'.name", expected: /^a text matching / },
  { description: 'backslash scope', files: { 'a.json5': { scope: 'Accounts\\**', rules: [ok] } }, field: 'scope', expected: /\/ separators/ },
  { description: 'negated scope', files: { 'a.json5': { scope: '!Accounts/**', rules: [ok] } }, field: 'scope', expected: /positive glob/ },
  { description: 'scope with ..', files: { 'a.json5': { scope: 'a/../b/**', rules: [ok] } }, field: 'scope', expected: /"\.\."/ },
  { description: 'bad conflict option', files: { 'a.json5': { conflicts: { bothCreated: 'option3' }, rules: [ok] } }, field: 'conflicts.bothCreated', expected: /"option1", "option2"/ },
  { description: 'two files of one scope disagree on an option', files: { 'a.json5': { scope: 'A/**', conflicts: { bothChanged: 'option2' }, rules: [ok] }, 'b.json5': { scope: 'a/**', conflicts: { bothChanged: 'option3' }, rules: [ok] } }, file: 'b.json5', field: 'conflicts.bothChanged', expected: /"option2", as a.json5 sets/ },
  { description: 'equally specific scopes that overlap', files: { 'a.json5': { scope: '*/x/**', rules: [ok] }, 'b.json5': { scope: 'x/*/**', rules: [ok] } }, file: 'b.json5', field: 'scope', expected: /both match "x\/x"/ },
];

for (const row of rows) {
  test(`policy errors: ${row.description} → ${row.field || '(file)'}`, () => {
    const errors = errorsOf(row.files);
    const hit = errors.find((e) => e.field === row.field && e.file === (row.file ?? 'a.json5'));
    assert.ok(hit, `no error at ${row.field}; got:\n${JSON.stringify(errors, null, 1)}`);
    assert.match(`${hit.expected} ${hit.found ?? ''}`, row.expected);
  });
}

test('policy errors: every error of every file is collected into one InputError', () => {
  const errors = errorsOf({
    'a.json5': withRule({ conditions: { all: [leaf('left', 'modifed')] } }),
    'b.json5': withRule({ event: { type: 'copy', params: {} } }),
    'c.json5': '{ nope',
  });
  assert.deepEqual(errors.map((e) => e.file).sort(), ['a.json5', 'b.json5', 'c.json5']);
});

test('policy errors: an empty or missing folder is an error', () => {
  assert.match(errorsOf({})[0].expected, /at least one \*\.json5/);
  assert.throws(() => loadPolicies(join(tmp, 'missing'), testConfig(tmp)), (err: InputError) => /readable folder/.test(err.errors[0].expected));
});

test('policy errors: the message names file, field and expectation on one line each', () => {
  const dir = join(tmp, 'message');
  mkdirSync(dir);
  writePolicy(dir, 'a.json5', withRule({ conditions: { all: [leaf('left', 'modifed')] } }));
  assert.throws(() => loadPolicies(dir, testConfig(dir)), /a\.json5: rules\[1\] 'r'\.conditions\.all\[0\]\.value: expected one of .*found "modifed"/);
});
