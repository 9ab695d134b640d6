import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cli } from '../support/cli.js';
import { copiedBigFile, dropBigFile, startSync, waitForLock, waitGone, withLongPass } from '../support/long-pass.js';

/*
 * bin/syncwarden on a system Node older than 22 re-runs itself on the Node 22 that npm ci installed: two
 * processes. Signals to the launcher must reach the real one, and a killed launcher must not leave it running.
 */
const OLD_NODE = '/usr/bin/node';
const oldMajor = existsSync(OLD_NODE) ? Number(spawnSync(OLD_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout) : 0;
const skip = !(oldMajor > 0 && oldMajor < 22) && `needs a Node older than 22 at ${OLD_NODE}`;

for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  test(`launcher on old Node: ${signal} reaches the real process, which releases the lock; the launcher exits ${code}`, { skip }, () => withLongPass(async (world) => {
    const run = startSync(OLD_NODE, world.config);
    const holder = await waitForLock(world.lockFile, run);
    assert.notEqual(holder.pid, run.proc.pid, 'the launcher re-ran itself as a second process');
    run.proc.kill(signal);
    assert.deepEqual(await run.exit, { code, signal: null }, run.output());
    await waitGone(holder.pid, 2_000);
    assert.ok(!existsSync(world.lockFile), 'the real process released the lock');
    assert.ok(!copiedBigFile(world), 'the pass stopped');
  }));
}

test('launcher on old Node SIGKILLed: the real process stops within 2 s and releases the lock; a second sync runs', { skip }, () => withLongPass(async (world) => {
  const run = startSync(OLD_NODE, world.config);
  const holder = await waitForLock(world.lockFile, run);
  run.proc.kill('SIGKILL');
  await run.exit;
  const ms = await waitGone(holder.pid, 2_000);
  assert.ok(!existsSync(world.lockFile), `the real process released the lock (it stopped ${ms} ms after the launcher)`);
  assert.ok(!copiedBigFile(world), 'the pass did not run on without its launcher');
  dropBigFile(world);
  const second = cli(['sync', '--config', world.config]);
  assert.equal(second.code, 0, second.stderr);
}));

test('on Node 22 the launcher is the process (npm scripts and a service start it so); SIGTERM releases the lock, exit 143', () => withLongPass(async (world) => {
  const run = startSync(process.execPath, world.config);
  const holder = await waitForLock(world.lockFile, run);
  assert.equal(holder.pid, run.proc.pid);
  run.proc.kill('SIGTERM');
  assert.deepEqual(await run.exit, { code: 143, signal: null }, run.output());
  assert.ok(!existsSync(world.lockFile));
}));
