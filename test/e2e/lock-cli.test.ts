import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { projectRoot } from '../../src/config/project.js';
import { LOCK_FILE } from '../../src/state/store.js';
import { cli } from '../support/cli.js';
import { copiedBigFile, dropBigFile, startSync, waitForLock, withLongPass } from '../support/long-pass.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

const LOCK_CHILD = join(projectRoot(), 'dist', 'test', 'unit', 'state', 'lock-child.js');

test('sync while another process holds the state: it waits, then exit 1 with one sentence naming the holder', async () => {
  const dir = makeTmp('sw-e2e-lock-');
  const holder = spawn(process.execPath, [LOCK_CHILD, 'hold', join(dir, 'state', LOCK_FILE)], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    mkdirSync(join(dir, 'left'));
    mkdirSync(join(dir, 'right'));
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'left', 'a.txt'), 'a');
    const config = join(dir, 'config.json5');
    writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' } }`);
    await once(holder.stdout, 'data');
    const t0 = Date.now();
    const r = cli(['sync', '--config', config]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(Date.now() - t0 >= 5_000, 'it waited the 5 s a stopping holder gets');
    // The log's own lines carry the [sync] tag (after a level prefix when CI=true); the error is one line, no stack trace.
    const lines = r.stderr.trim().split('\n').filter((l) => !/^(\[\w+\] )?\[sync\]/.test(l));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(`^state \\(locked\\): the state in .* is in use by another syncwarden \\(pid ${holder.pid} on .+\\)$`));
    assert.ok(!existsSync(join(dir, 'right', 'a.txt')), 'nothing was synced');
  } finally {
    holder.kill('SIGKILL');
    removeTmp(dir);
  }
});

test('a sync SIGKILLed mid-pass, then an immediate sync: the dead holder (not even reaped yet) is taken over', () => withLongPass(async (world) => {
  const first = startSync(process.execPath, world.config);
  const holder = await waitForLock(world.lockFile, first);
  first.proc.kill('SIGKILL');
  dropBigFile(world);
  // cli() blocks this process's event loop, so the killed child stays a zombie until the second sync is done.
  const second = cli(['sync', '--config', world.config]);
  assert.equal(second.code, 0, `${second.stderr}\n(first holder pid ${holder.pid})`);
  assert.ok(!existsSync(world.lockFile), 'the second sync released its lock');
  assert.equal((await first.exit).signal, 'SIGKILL');
  assert.ok(!copiedBigFile(world));
}));
