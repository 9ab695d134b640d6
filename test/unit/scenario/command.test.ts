import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { scenarioCommand } from '../../../src/cli/commands/scenario.js';
import type { CliContext } from '../../../src/cli/context.js';
import { InputError } from '../../../src/model/errors.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const SCENARIO = `// a comment the golden keeps
{
  name: 'left edit reaches right',
  description: 'd',
  initial: { both: { 'a.txt': 'v1', 'keep.txt': 'k' } },
  changes: { left: [{ write: 'a.txt', content: 'v2', mtime: '+1h' }] },
  expect: { both: { 'a.txt': 'v1', 'keep.txt': 'k' } }, // wrong on purpose
}
`;

async function run(args: string[], options: Record<string, unknown> = {}): Promise<{ code: number; out: string }> {
  let out = '';
  const ctx: CliContext = { configFile: '', options, args, out: (text) => { out += text; } };
  return { code: await scenarioCommand(ctx), out };
}

test('scenario: a failing scenario prints FAIL with its mismatches and exits 1; --update-golden rewrites expect, then it passes', async () => {
  const root = makeTmp();
  try {
    const file = join(root, 'edit.json5');
    writeFileSync(file, SCENARIO);
    const failed = await run([file]);
    assert.equal(failed.code, 1);
    assert.match(failed.out, /^FAIL {2}.*left edit reaches right/m);
    assert.match(failed.out, /left: a\.txt: expected "v1", found "v2"/);
    assert.match(failed.out, /^0 passed, 1 failed$/m);

    const updated = await run([file], { updateGolden: true });
    assert.equal(updated.code, 0);
    assert.match(updated.out, /^UPDATED /m);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^\/\/ a comment the golden keeps/);
    assert.deepEqual(JSON5.parse(text).expect.both['a.txt'], { content: 'v2', mtime: '+1h' });
    assert.deepEqual(JSON5.parse(text).expect.trash, { right: { 'a.txt': 'v1' } });

    const passed = await run([root]);
    assert.equal(passed.code, 0);
    assert.match(passed.out, /^PASS {2}.*\n1 passed, 0 failed\n$/m);
  } finally {
    removeTmp(root);
  }
});

test('scenario: an invalid file stops everything with an InputError naming file and field (exit 2)', async () => {
  const root = makeTmp();
  try {
    writeFileSync(join(root, 'ok.json5'), SCENARIO);
    writeFileSync(join(root, 'bad.json5'), SCENARIO.replace("mtime: '+1h'", "mtime: 'later'"));
    await assert.rejects(run([root]), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.exitCode, 2);
      assert.match(err.message, /bad\.json5: changes\.left\[0\]\.mtime: expected a time/);
      return true;
    });
  } finally {
    removeTmp(root);
  }
});

test('scenario: --case selects by name or file; a filter that matches nothing is a usage error', async () => {
  const root = makeTmp();
  try {
    writeFileSync(join(root, 'edit.json5'), SCENARIO);
    await assert.rejects(run([root], { case: 'no such scenario' }), InputError);
    const pending = SCENARIO.replace("description: 'd',", "description: 'd', pending: 'not yet',");
    writeFileSync(join(root, 'edit.json5'), pending);
    const skipped = await run([root], { case: 'REACHES' });
    assert.match(skipped.out, /^SKIP {2}.*\(pending: not yet\)\n0 passed, 0 failed, 1 skipped\n$/m);
    assert.equal(skipped.code, 0);
  } finally {
    removeTmp(root);
  }
});
