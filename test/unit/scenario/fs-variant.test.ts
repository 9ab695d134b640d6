import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syncPass, type SyncOptions } from '../../../src/app/sync-pass.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { runScenario } from '../../../src/scenario/run.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

/** scenarioFile writes a scenario literal into a temp folder and loads it. */
function scenarioFile(dir: string, body: string) {
  const file = join(dir, 's.json5');
  writeFileSync(file, `{ name: 's', description: 'd', ${body} }`);
  return loadScenario(file);
}

test('scenario runner, case-insensitive variant: every pass gets the decorated port; the native run gets none', async () => {
  const dir = makeTmp();
  try {
    const scenario = scenarioFile(dir, `initial: { both: { 'a.txt': 'a' } }, expect: { both: { 'a.txt': 'a' } }`);
    for (const fs of ['caseInsensitive', 'native'] as const) {
      const seen: (SyncOptions['fs'] | undefined)[] = [];
      const outcome = await runScenario(scenario, { fs, sync: (config, opts = {}) => (seen.push(opts.fs), syncPass(config, opts)) });
      assert.equal(outcome.status, 'pass', JSON.stringify(outcome.mismatches));
      assert.ok(seen.length >= 2);
      if (fs === 'native') assert.ok(seen.every((p) => p === undefined));
      else assert.ok(seen.every((p) => p && p.left.native === undefined && p.right === p.left));
    }
  } finally {
    removeTmp(dir);
  }
});

test('scenario runner, case-insensitive variant: a tree NTFS cannot hold is a setup failure; caseInsensitiveFs skips or pends that run only', async () => {
  const dir = makeTmp();
  try {
    const twins = `initial: { left: { 'Docs/': { 'A.txt': '1', 'a.txt': '2' } } }, expect: { both: { 'Docs/': { 'A.txt': '1', 'a.txt': '2' } } }, config: { caseInsensitive: false }`;
    const failed = await runScenario(scenarioFile(dir, twins), { fs: 'caseInsensitive' });
    assert.equal(failed.status, 'fail');
    assert.deepEqual(failed.mismatches.map((m) => [m.where, m.path, m.found]), [['setup', 'initial.left', 'names that differ only in case in one folder: Docs/A.txt and Docs/a.txt']]);
    assert.equal((await runScenario(scenarioFile(dir, twins), { fs: 'native' })).status, 'pass');
    const skipped = await runScenario(scenarioFile(dir, `${twins}, caseInsensitiveFs: { skip: 'twins' }`), { fs: 'caseInsensitive' });
    assert.deepEqual([skipped.status, skipped.reason], ['skip', 'case-insensitive fs: twins']);
    const pending = scenarioFile(dir, `${twins}, caseInsensitiveFs: { pending: 'a Windows bug' }`);
    assert.deepEqual([(await runScenario(pending, { fs: 'caseInsensitive' })).status, (await runScenario(pending, { fs: 'native' })).status], ['skip', 'pass']);
  } finally {
    removeTmp(dir);
  }
});
