import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syncPass } from '../../../src/app/sync-pass.js';
import { resolveConfig } from '../../../src/config/load.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

/*
 * Without --json the CLI asks for results without their observed records (keepObserved: false), which a result
 * lets go of once its keys are committed. The base must come out as with them: a move touches two keys, and its
 * records must outlive the first key's commit.
 */
test('keepObserved false: results drop their observed records, and the base is the same (a move included)', async () => {
  const dir = makeTmp('sw-keep-observed-');
  try {
    for (const side of ['left', 'right']) mkdirSync(join(dir, side));
    writeFileSync(join(dir, 'left', 'a.txt'), 'a');
    writeFileSync(join(dir, 'left', 'b.txt'), 'b');
    const config = resolveConfig({ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs', level: 'silent' } }, join(dir, 'config.json5'));
    const first = await syncPass(config, { keepObserved: false });
    assert.equal(first.exitCode, 0);
    assert.equal(first.counts.copies, 2);
    assert.ok(first.results.length > 0 && first.results.every((r) => r.observed.length === 0));

    renameSync(join(dir, 'left', 'b.txt'), join(dir, 'left', 'c.txt'));
    writeFileSync(join(dir, 'left', 'd.txt'), 'd');
    const second = await syncPass(config, { keepObserved: false });
    assert.deepEqual({ renames: second.counts.renames, copies: second.counts.copies }, { renames: 1, copies: 1 }, JSON.stringify(second.counts));
    assert.ok(second.results.every((r) => r.observed.length === 0));

    // Every record reached the base: nothing left to copy, rename or record.
    const third = await syncPass(config);
    assert.deepEqual(third.plan, [], JSON.stringify(third.plan));
    // And by default the results keep them (the --json report prints them).
    writeFileSync(join(dir, 'left', 'e.txt'), 'e');
    const fourth = await syncPass(config);
    assert.ok(fourth.results.some((r) => r.observed.length === 2));
  } finally {
    removeTmp(dir);
  }
});
