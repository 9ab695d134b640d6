import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';
import { readmeWithReference } from '../../src/docs/write-readme.js';

test('README config reference matches schemas/config.schema.json (run npm run docs)', () => {
  const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
  assert.equal(readme, readmeWithReference(readme));
});

test('README starts with the two set-up commands', () => {
  const head = readFileSync(join(projectRoot(), 'README.md'), 'utf8').split('\n').slice(0, 12).join('\n');
  assert.match(head, /npm ci && npm start/);
  assert.match(head, /npm test/);
});
