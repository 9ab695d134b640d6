import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { projectRoot } from '../../src/config/project.js';
import { cli } from '../support/cli.js';
import { read, RunningService, until } from '../support/service.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

/** writeConfig writes the whole config (every edit below rewrites it, as an admin saving in Notepad does). */
function writeConfig(dir: string, extra = '', right = 'right'): string {
  const file = join(dir, 'config.json5');
  writeFileSync(file, `{ left: 'left', right: '${right}', stateDir: 'state', log: { dir: 'logs' }, health: { port: 0 }, watch: { debounceMs: 150 }, policies: { dir: 'policies' }, ${extra} }`);
  return file;
}

/** A scoped policy: files created on the left under Drafts/ stay there (the base forgets them, nothing is copied). */
const DRAFTS = `{
  scope: 'Drafts/**',
  rules: [{
    name: 'draftsStayLeft', priority: 900,
    conditions: { all: [{ fact: 'left', operator: 'equal', value: 'created' }, { fact: 'right', operator: 'equal', value: 'absent' }] },
    event: { type: 'forget' },
  }],
}`;

async function withService(fn: (dir: string, svc: RunningService, config: string) => Promise<void>, files = ['shared.txt']): Promise<void> {
  const dir = makeTmp('sw-e2e-reload-');
  try {
    mkdirSync(join(dir, 'left'));
    mkdirSync(join(dir, 'right'));
    for (const f of files) writeFileSync(join(dir, 'left', f), f);
    cpSync(join(projectRoot(), 'policies'), join(dir, 'policies'), { recursive: true });
    const config = writeConfig(dir);
    const svc = await RunningService.start(config, join(dir, 'state'));
    try {
      await fn(dir, svc, config);
    } finally {
      assert.equal((await svc.stop()).code, 0, svc.stderr);
    }
  } finally {
    removeTmp(dir);
  }
}

/** reloadState polls /status until its config part satisfies `check` (a loaded machine may be slow to answer). */
async function reloadState(svc: RunningService, check: (c: any) => boolean, ms = 30_000): Promise<any> {
  const t0 = Date.now();
  let c: any = null;
  for (;;) {
    c = await svc.get('/status').then((r) => r.body.config, () => c);
    if (c && check(c)) return c;
    if (Date.now() - t0 > ms) throw new Error(`timed out; /status config: ${JSON.stringify(c)}\n${svc.stderr}`);
    await sleep(50);
  }
}

/** synced writes a marker file on the left and waits for it on the right: every change made before it was decided. */
async function synced(dir: string, name: string): Promise<void> {
  writeFileSync(join(dir, 'left', name), name);
  await until(() => read(join(dir, 'right', name)) === name, 30_000, () => `${name} did not reach the right`);
}

describe('syncwarden run: live config reload', () => {
  it('a new policy file decides the next change without a restart', async () => {
    await withService(async (dir, svc) => {
      mkdirSync(join(dir, 'left', 'Drafts'));
      writeFileSync(join(dir, 'left', 'Drafts', 'before.txt'), 'b');
      await until(() => read(join(dir, 'right', 'Drafts', 'before.txt')) === 'b', 30_000, () => 'the shipped policies copy a new file');
      const pid = svc.child.pid;
      writeFileSync(join(dir, 'policies', 'drafts.json5'), DRAFTS);
      const c = await reloadState(svc, (c) => c.applied === 1);
      assert.equal(c.rejected, null);
      assert.deepEqual(c.restartNeeded, []);
      writeFileSync(join(dir, 'left', 'Drafts', 'after.txt'), 'a');
      await synced(dir, 'marker.txt');
      assert.equal(read(join(dir, 'right', 'Drafts', 'after.txt')), null, 'the new rule keeps Drafts/ on the left');
      assert.equal(svc.child.pid, pid);
      assert.match(svc.stderr, /config: applied the policy files from .*config\.json5/);
    });
  });

  it('a bad policy or config edit is rejected, logged and shown by status; the old settings keep working', async () => {
    await withService(async (dir, svc, config) => {
      writeFileSync(join(dir, 'policies', 'drafts.json5'), DRAFTS.replace("type: 'forget'", "type: 'explode'"));
      const c = await reloadState(svc, (c) => c.rejected !== null);
      assert.equal(c.applied, 0);
      assert.match(JSON.stringify(c.rejected.errors), /drafts\.json5.*draftsStayLeft'\.event\.type/);
      assert.match(c.line, /^config: rejected edit at .* \(.*drafts\.json5: rules\[0\] 'draftsStayLeft'\.event\.type: expected .*\), old settings in force$/);
      const status = cli(['status', '--config', config]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout.split('\n')[1], /^config: rejected edit at .*drafts\.json5.*, old settings in force$/);
      const logged = readFileSync(join(dir, 'logs', 'syncwarden.log'), 'utf8');
      assert.match(logged, /"level":"error","tag":"service:config".*rejected the edit.*"event":"configRejected"/);
      // The shipped policies are still in force: a new Drafts file is copied.
      mkdirSync(join(dir, 'left', 'Drafts'));
      writeFileSync(join(dir, 'left', 'Drafts', 'new.txt'), 'n');
      await synced(dir, 'marker1.txt');
      assert.equal(read(join(dir, 'right', 'Drafts', 'new.txt')), 'n');
      // A bad config edit next, then the policy file set right: the edit as a whole is still bad.
      writeConfig(dir, 'transfer: { concurrency: 0 }');
      writeFileSync(join(dir, 'policies', 'drafts.json5'), DRAFTS);
      const bad = await reloadState(svc, (c) => /config\.json5: transfer\.concurrency: expected [^)]*\), old/.test(c.line ?? ''));
      assert.equal(bad.applied, 0, 'nothing of the bad edit, not even the good policy file, is applied');
      writeFileSync(join(dir, 'left', 'Drafts', 'still.txt'), 's');
      await synced(dir, 'marker2.txt');
      assert.equal(read(join(dir, 'right', 'Drafts', 'still.txt')), 's');
      // Set right: the edit is applied, the status line goes away.
      writeConfig(dir);
      const good = await reloadState(svc, (c) => c.applied === 1);
      assert.equal(good.line, null);
    });
  });

  it('a roots edit says a restart is needed and keeps syncing the old roots; a guard edit applies at once', async () => {
    const files = Array.from({ length: 10 }, (_, i) => `f${i}.txt`);
    await withService(async (dir, svc, config) => {
      await until(() => read(join(dir, 'right', 'f9.txt')) === 'f9.txt', 30_000);
      mkdirSync(join(dir, 'right2'));
      writeConfig(dir, '', 'right2');
      const c = await reloadState(svc, (c) => c.restartNeeded.length > 0);
      assert.deepEqual(c.restartNeeded, ['right']);
      assert.equal(c.applied, 0);
      assert.match(c.line, /^config: restart needed for right \(the old values are in force\)$/);
      assert.match(svc.stderr, /config: right changed in .*config\.json5 to ".*right2"; it takes effect after a restart of the service/);
      assert.match(cli(['status', '--config', config]).stdout, /^config: restart needed for right/m);
      await synced(dir, 'marker.txt');
      assert.equal(read(join(dir, 'right2', 'marker.txt')), null, 'the old right root is still the one synced');
      // A live key in the same file: two deletes of ten are now over the limit.
      writeConfig(dir, 'safety: { maxDeleteCount: 1 }', 'right2');
      await reloadState(svc, (c) => c.applied === 1);
      rmSync(join(dir, 'left', 'f0.txt'));
      rmSync(join(dir, 'left', 'f1.txt'));
      await until(() => /safety stop/.test(svc.stderr), 30_000, () => `no safety stop:\n${svc.stderr}`);
      assert.equal(read(join(dir, 'right', 'f0.txt')), 'f0.txt');
      assert.match((await svc.get('/status')).body.lastStop.message, /delete/);
    }, files);
  });
});
