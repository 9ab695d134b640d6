import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOLD_ENV } from '../../src/app/test-hold.js';
import { cli, fingerprint } from '../support/cli.js';
import { cliSpawn } from '../support/cli-spawn.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

/*
 * What happens between a pass's scan and its actions, made deterministic with the test hook
 * SYNCWARDEN_TEST_HOLD_AFTER_SCAN (src/app/test-hold.ts): the pass waits after its scan while a file exists.
 */
const T0 = Date.UTC(2026, 10, 25, 4, 12, 0) / 1000;

interface World { dir: string; left: string; right: string; config: string; hold: string }

async function withSynced(fn: (w: World) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-e2e-race-');
  try {
    const w: World = { dir, left: join(dir, 'left'), right: join(dir, 'right'), config: join(dir, 'config.json5'), hold: join(dir, 'hold') };
    for (const root of [w.left, w.right]) {
      mkdirSync(root, { recursive: true });
      for (const name of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) {
        writeFileSync(join(root, name), name);
        utimesSync(join(root, name), T0, T0);
      }
    }
    writeFileSync(w.config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' } }`);
    const first = cli(['sync', '--config', w.config]);
    assert.equal(first.code, 0, first.stderr);
    await fn(w);
  } finally {
    removeTmp(dir);
  }
}

/** heldPass starts a sync that stops after its scan, and resolves once it got there. */
async function heldPass(w: World) {
  writeFileSync(w.hold, '');
  const run = cliSpawn(['sync', '--json', '--config', w.config], { [HOLD_ENV]: w.hold });
  for (let i = 0; !existsSync(`${w.hold}.reached`); i++) {
    if (i > 1500) throw new Error('the held pass never finished its scan');
    await sleep(20);
  }
  return { release: () => unlinkSync(w.hold), done: run.done };
}

test('a pass started while another commits never meets its stale scan with the fresh base (no file trashed)', () => withSynced(async (w) => {
  writeFileSync(join(w.left, 'new.txt'), 'new');
  const held = await heldPass(w);
  // A second pass while the first is between its scan and its actions: it must not commit in between (it
  // is refused, or waits for the lock). Before the fix it copied new.txt and committed, and the first pass,
  // meeting that base with its stale scan, trashed new.txt on the left as deleted on the right.
  const second = cliSpawn(['sync', '--json', '--config', w.config]);
  const other = await Promise.race([second.done, sleep(20_000).then(() => null)]);
  held.release();
  const first = await held.done;
  assert.deepEqual(fingerprint(join(w.left, '.sync_trash')), [], 'a file just copied was trashed as deleted');
  assert.equal(readFileSync(join(w.left, 'new.txt'), 'utf8'), 'new');
  assert.equal(readFileSync(join(w.right, 'new.txt'), 'utf8'), 'new');
  assert.equal(first.code, 0, first.stderr);
  const late = other ?? (await second.done);
  if (late.code !== 0) assert.match(late.stderr, /in use|lock/i, `exit ${late.code}`);
}));

test('a delete re-checks just before it runs that the path is still absent on the other side', () => withSynced(async (w) => {
  unlinkSync(join(w.right, 'b.txt'));
  const held = await heldPass(w);
  // The pass planned "delete left b.txt"; meanwhile someone puts b.txt back on the right.
  writeFileSync(join(w.right, 'b.txt'), 'b restored');
  held.release();
  const first = await held.done;
  assert.equal(readFileSync(join(w.left, 'b.txt'), 'utf8'), 'b.txt', 'deleted although the right holds it again');
  assert.deepEqual(fingerprint(join(w.left, '.sync_trash')), []);
  assert.equal(first.code, 1, 'the refused delete is reported and left for the next pass');
  assert.match(JSON.parse(first.stdout).results.find((r: { ok: boolean }) => !r.ok).message, /right:b\.txt/);
  // The next pass sees the right's new version and copies it over.
  const next = cli(['sync', '--config', w.config]);
  assert.equal(next.code, 0, next.stderr);
  assert.equal(readFileSync(join(w.left, 'b.txt'), 'utf8'), 'b restored');
}));
