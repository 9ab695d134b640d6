import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preparePass } from '../../../src/app/prepare.js';
import { syncPass } from '../../../src/app/sync-pass.js';
import { resolveConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/config.js';
import { Decider } from '../../../src/policy/evaluate.js';
import { loadPolicies } from '../../../src/policy/load.js';
import { projectRoot } from '../../../src/config/project.js';
import { StateStore } from '../../../src/state/store.js';
import { caseInsensitive } from '../../../src/ports/case-insensitive-fs.js';
import type { FsPort } from '../../../src/ports/fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

/*
 * Paths unchanged on both sides since the base are left out of facts and policy evaluation when the engine
 * proves (once per kind of path) that the policy decides them as in sync and the plan does nothing for them.
 * Counted here: facts built and engine runs, never time.
 */

const FILES = 40;

function setup(dir: string, policiesDir?: string): Config {
  for (const side of ['left', 'right']) {
    mkdirSync(join(dir, side, 'Docs', 'Old'), { recursive: true });
    for (let i = 0; i < FILES; i++) writeFileSync(join(dir, side, i % 2 ? 'Docs' : join('Docs', 'Old'), `f${i}.txt`), `content ${i}`);
  }
  return resolveConfig({
    left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs', level: 'silent' },
    ...(policiesDir ? { policies: { dir: policiesDir } } : {}),
  }, join(dir, 'config.json5'));
}

// `rows`: with every kept key given up front, so gather pairs rows by tree position (facts/aligned).
async function prepared(config: Config, skip: boolean, rows = false, fs?: Record<'left' | 'right', FsPort>) {
  const store = await StateStore.open(config.stateDir, { readOnly: true });
  const decider = new Decider(loadPolicies(config.policies.dir, config), config);
  const skipUnchanged = rows ? { keep: () => false, kept: () => [] } : { keep: () => false };
  const out = await preparePass(config, store.base, decider, undefined, undefined, fs, skip ? { skipUnchanged } : {});
  return { out, decider, store };
}

test('a pass over mostly unchanged paths builds facts only for the changed ones, and the plan is the same', async () => {
  const dir = makeTmp('sw-unchanged-');
  try {
    const config = setup(dir);
    assert.equal((await syncPass(config)).exitCode, 0);
    appendFileSync(join(dir, 'left', 'Docs', 'f1.txt'), ' edited');
    const full = await prepared(config, false);
    const lean = await prepared(config, true);
    assert.equal(full.out.facts.size, FILES + 2, 'without the skip every path has a fact');
    assert.deepEqual([...lean.out.facts.keys()], ['docs/f1.txt'], 'with it only the edited file has one');
    assert.deepEqual(lean.out.plan.actions, full.out.plan.actions);
    assert.ok(lean.decider.stats().engineRuns <= full.decider.stats().engineRuns);
    // The real pass does the same (its report counts one copy).
    const report = await syncPass(config);
    assert.equal(report.counts.copies, 1);
    assert.equal(readFileSync(join(dir, 'right', 'Docs', 'f1.txt'), 'utf8'), 'content 1 edited');
  } finally {
    removeTmp(dir);
  }
});

test('a policy that decides unchanged files otherwise still decides every one of them', async () => {
  const dir = makeTmp('sw-unchanged-policy-');
  try {
    // The seed policy plus one rule: a file unchanged on both sides is copied from left (absurd, but a policy's right).
    const policies = join(dir, 'policies');
    mkdirSync(policies);
    const seed = readFileSync(join(projectRoot(), 'policies', 'default.json5'), 'utf8');
    const rule = `{ name: 'recopyUnchanged', priority: 1200, conditions: { all: [
      { fact: 'left', operator: 'equal', value: 'unchanged' }, { fact: 'right', operator: 'equal', value: 'unchanged' },
      { fact: 'leftType', operator: 'equal', value: 'file' } ] }, event: { type: 'copy', params: { from: 'left' } } },`;
    assert.ok(seed.includes('rules: ['));
    writeFileSync(join(policies, 'default.json5'), seed.replace('rules: [', `rules: [\n${rule}`));
    const config = setup(dir, policies);
    assert.equal((await syncPass(config)).exitCode, 0);
    const lean = await prepared(config, true);
    const copies = lean.out.plan.actions.filter((a) => a.kind === 'copy');
    assert.equal(copies.length, FILES, 'every unchanged file is decided by the custom rule');
    // The folders are still proven in sync and left out.
    assert.equal(lean.out.facts.size, FILES);
  } finally {
    removeTmp(dir);
  }
});

test('through the case-insensitive port: non-ASCII names pair by key; a folder respelled in case and Unicode form is no unchanged path, nor what is in it', async () => {
  const dir = makeTmp('sw-unchanged-ci-');
  try {
    const config = setup(dir);
    for (const side of ['left', 'right']) {
      mkdirSync(join(dir, side, 'Übersicht'));
      writeFileSync(join(dir, side, 'Übersicht', 'Plan.txt'), 'same');
    }
    const fs = caseInsensitive(nodeFs());
    const sides = { left: fs, right: fs };
    assert.equal((await syncPass(config, { fs: sides })).exitCode, 0);
    const idle = await prepared(config, true, true, sides);
    assert.deepEqual([...idle.out.facts.keys()], [], 'nothing changed: no fact at all');
    assert.deepEqual(idle.out.plan.actions, []);
    // Respelled on the right (upper case, NFD): the same key, other spellings; and one edit.
    renameSync(join(dir, 'right', 'Übersicht'), join(dir, 'right', 'U\u0308BERSICHT'));
    appendFileSync(join(dir, 'left', 'Docs', 'f3.txt'), ' edited');
    const full = await prepared(config, false, false, sides);
    const lean = await prepared(config, true, true, sides);
    assert.deepEqual([...lean.out.facts.keys()].sort(), ['docs/f3.txt', 'übersicht', 'übersicht/plan.txt']);
    assert.deepEqual(lean.out.plan.actions, full.out.plan.actions);
    assert.equal((await syncPass(config, { fs: sides })).exitCode, 0);
    assert.equal(readFileSync(join(dir, 'right', 'Docs', 'f3.txt'), 'utf8'), 'content 3 edited');
  } finally {
    removeTmp(dir);
  }
});
