import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/config/project.js';
import { prebuilt, schemaErrors, validatorOrigin } from '../../../src/config/schema-check.js';

// `npm run build` compiles the schemas into validator modules (src/config/schema-build.ts): a start must use
// them instead of compiling with Ajv, and must never use one built from another version of the schema.
const schemaText = (name: string) => readFileSync(join(projectRoot(), 'schemas', `${name}.schema.json`), 'utf8');

test('the build\'s validators are used, and report errors as the compiled ones do', () => {
  const errors = schemaErrors('config', { left: 'a', right: 'b', mtimeToleranceMs: 'soon' }, 'c.json5');
  assert.equal(validatorOrigin('config'), 'prebuilt');
  assert.deepEqual(errors.map((e) => [e.field, e.found]), [['mtimeToleranceMs', '"soon"']]);
  const defaults: Record<string, unknown> = { left: 'a', right: 'b' };
  assert.deepEqual(schemaErrors('config', defaults, 'c.json5'), []);
  assert.ok('mtimeToleranceMs' in defaults, 'schema defaults are applied');
});

test('a validator built from another version of a schema is not used', () => {
  assert.notEqual(prebuilt('policy', schemaText('policy')), null);
  assert.equal(prebuilt('policy', schemaText('policy').replace('"type"', '"type" ')), null);
});
