import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { InputError } from '../../../src/model/errors.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

function withConfig(text: string, fn: (file: string, dir: string) => void): void {
  const dir = makeTmp();
  try {
    const file = join(dir, 'c.json5');
    writeFileSync(file, text);
    fn(file, dir);
  } finally {
    removeTmp(dir);
  }
}

function errorsOf(fn: () => unknown): { field: string; expected: string; file: string }[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    assert.equal(err.exitCode, 2);
    return err.errors;
  }
  assert.fail('expected an InputError');
}

test('defaults are applied and relative paths resolve against the config folder', () => {
  withConfig(`{ left: 'l', right: './r' }`, (file, dir) => {
    const c = loadConfig(file);
    assert.equal(c.left, join(dir, 'l'));
    assert.equal(c.right, join(dir, 'r'));
    assert.equal(c.stateDir, join(dir, '.syncwarden'));
    assert.equal(c.caseInsensitive, true);
    assert.equal(c.mtimeToleranceMs, 2000);
    assert.deepEqual(c.hash, { enabled: false, sides: ['left'], verifyAll: false });
    assert.equal(c.softDelete.maxSizeMB, 20);
    assert.equal(c.conflicts.bothChanged, 'option1');
    assert.equal(c.safety.maxDeletePercent, 50);
  });
});

test('every error is reported at once, each with file, field and what was expected', () => {
  withConfig(`{ right: 7, bogus: 1, softDelete: { maxSizeMB: 'big' }, conflicts: { bothCreated: 'option3' }, hash: { sides: ['middle'] } }`, (file) => {
    const errors = errorsOf(() => loadConfig(file));
    const byField = new Map(errors.map((e) => [e.field, e.expected]));
    assert.equal(errors[0].file, file);
    assert.match(byField.get('left') ?? '', /required/);
    assert.match(byField.get('right') ?? '', /string/);
    assert.match(byField.get('bogus') ?? '', /no such key/);
    assert.match(byField.get('softDelete.maxSizeMB') ?? '', /number/);
    assert.match(byField.get('conflicts.bothCreated') ?? '', /option1/);
    assert.match(byField.get('hash.sides[0]') ?? '', /left/);
  });
});

test('a JSON5 syntax error names the line and column', () => {
  withConfig(`{ left: 'a',\n  right: }`, (file) => {
    const [e] = errorsOf(() => loadConfig(file));
    assert.match(e.expected, /line 2/);
  });
});

test('a missing file and identical roots are input errors', () => {
  errorsOf(() => loadConfig('/nonexistent/c.json5'));
  withConfig(`{ left: 'x', right: 'x/' }`, (file) => {
    const [e] = errorsOf(() => loadConfig(file));
    assert.equal(e.field, 'right');
  });
});
