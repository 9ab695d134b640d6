import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fingerprint } from '../support/cli.js';
import { StateStore } from '../../src/state/store.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

/*
 * The shape of one pass through the real CLI: what it writes to the state, and in which order it does its
 * housekeeping.
 */
const T0 = Date.UTC(2026, 10, 25, 4, 12, 0) / 1000;

interface World { dir: string; left: string; right: string; config: string }

async function withSynced(config: string, fn: (w: World) => void | Promise<void>): Promise<void> {
  const dir = makeTmp('sw-e2e-pass-');
  try {
    const w: World = { dir, left: join(dir, 'left'), right: join(dir, 'right'), config: join(dir, 'config.json5') };
    for (const root of [w.left, w.right]) {
      mkdirSync(join(root, 'docs'), { recursive: true });
      writeFileSync(join(root, 'docs', 'a.txt'), 'v1');
      writeFileSync(join(root, 'b.txt'), 'b');
      for (const rel of ['docs/a.txt', 'b.txt']) utimesSync(join(root, rel), T0, T0);
    }
    writeFileSync(w.config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' }, ${config} }`);
    const first = cli(['sync', '--config', w.config]);
    assert.equal(first.code, 0, first.stderr);
    await fn(w);
  } finally {
    removeTmp(dir);
  }
}

function write(root: string, rel: string, content: string, mtime: number): void {
  writeFileSync(join(root, rel), content);
  utimesSync(join(root, rel), mtime, mtime);
}

// The state's files: its snapshot and its journal.
const stateFile = (w: World) => fingerprint(join(w.dir, 'state')).filter((l) => /^state\.(json|journal) /.test(l));
const runCount = async (w: World) => {
  const store = await StateStore.open(join(w.dir, 'state'), { readOnly: true });
  return store.runs.length;
};

test('a pass that only meets the same open conflicts again leaves the state alone and records itself in last-pass.json', () => {
  return withSynced(`conflicts: { bothChanged: 'option3' }`, async (w) => {
    write(w.left, 'docs/a.txt', 'left edit', T0 + 3600);
    write(w.right, 'docs/a.txt', 'right edit!', T0 + 7200);
    const opened = JSON.parse(cli(['sync', '--json', '--config', w.config]).stdout);
    assert.deepEqual(opened.conflicts.map((c: { status: string }) => c.status), ['open']);
    const before = stateFile(w);
    const runsBefore = await runCount(w);
    for (let i = 0; i < 2; i++) {
      const again = JSON.parse(cli(['sync', '--json', '--config', w.config]).stdout);
      assert.equal(again.exitCode, 0);
      assert.deepEqual(again.plan.map((a: { kind: string; open: boolean }) => `${a.kind} ${a.open}`), ['conflict true']);
      assert.deepEqual(again.conflicts, [], 'nothing new to report');
      assert.deepEqual(stateFile(w), before, 'the state was written');
      const status = JSON.parse(cli(['status', '--json', '--config', w.config]).stdout);
      assert.equal(status.lastRun.runId, again.runId);
      assert.deepEqual(status.openConflicts.map((c: { key: string }) => c.key), ['docs/a.txt']);
    }
    assert.equal(await runCount(w), runsBefore);
    // A change of the conflict (a new edit on one side) is news again: recorded, the state written.
    write(w.left, 'docs/a.txt', 'left edit 2', T0 + 9000);
    const changed = JSON.parse(cli(['sync', '--json', '--config', w.config]).stdout);
    assert.equal(changed.conflicts.length, 1);
    assert.notDeepEqual(stateFile(w), before);
  });
});

test('the trash purge runs at the end of the pass, after the actions and the commit, and never in a stopped pass', () => {
  return withSynced(`softDelete: { retentionDays: 30 }`, (w) => {
    const old = join(w.right, '.sync_trash', '20200101-000000');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'x.txt'), 'x');
    // A stopped pass (sentinel missing) purges nothing.
    writeFileSync(w.config, readFileSync(w.config, 'utf8').replace(/}\s*$/, `, safety: { sentinel: 'missing.txt' } }`));
    assert.equal(cli(['sync', '--config', w.config]).code, 3);
    assert.equal(fingerprint(old).length, 1, 'a stopped pass purged the trash');
    writeFileSync(w.config, readFileSync(w.config, 'utf8').replace(`, safety: { sentinel: 'missing.txt' } }`, ' }'));
    write(w.left, 'b.txt', 'b2', T0 + 3600);
    const r = cli(['sync', '--json', '--config', w.config]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fingerprint(old), []);
    const runId = JSON.parse(r.stdout).runId;
    const lines = logLines(w).filter((l) => l.runId === runId).map((l) => l.msg);
    const at = (re: RegExp) => lines.findIndex((m) => re.test(m));
    assert.ok(at(/^plan: 1 actions/) >= 0 && at(/^purged 1 trash folder/) > at(/^plan: /), lines.join('\n'));
    assert.ok(at(/^pass done/) > at(/^purged /), lines.join('\n'));
  });
});

function logLines(w: World): { runId?: string; msg: string }[] {
  const dir = join(w.dir, 'logs');
  return readdirSync(dir).flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { runId?: string; msg: string }));
}
