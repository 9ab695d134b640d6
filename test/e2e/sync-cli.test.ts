import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fingerprint } from '../support/cli.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

function withRoots(fn: (dir: string, config: string) => void): void {
  const dir = makeTmp('sw-e2e-sync-');
  try {
    mkdirSync(join(dir, 'left', 'docs'), { recursive: true });
    mkdirSync(join(dir, 'right'), { recursive: true });
    writeFileSync(join(dir, 'left', 'docs', 'a.txt'), 'from left');
    writeFileSync(join(dir, 'right', 'b.txt'), 'from right');
    const config = join(dir, 'config.json5');
    writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' } }`);
    fn(dir, config);
  } finally {
    removeTmp(dir);
  }
}

test('sync: a first pass is a union, a second plans nothing', () => {
  withRoots((dir, config) => {
    const first = cli(['sync', '--json', '--config', config]);
    assert.equal(first.code, 0, first.stderr);
    const report = JSON.parse(first.stdout) as { counts: { copies: number }; results: { action: { kind: string }; observed: unknown[] }[] };
    assert.equal(report.counts.copies, 2);
    // The JSON report is the one output that prints what each copy left on both sides (the plain run lets go of it).
    const copies = report.results.filter((r) => r.action.kind === 'copy');
    assert.deepEqual(copies.map((r) => r.observed.length), [2, 2]);
    assert.equal(readFileSync(join(dir, 'right', 'docs', 'a.txt'), 'utf8'), 'from left');
    assert.equal(readFileSync(join(dir, 'left', 'b.txt'), 'utf8'), 'from right');
    const second = cli(['sync', '--json', '--config', config]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout).plan, []);
  });
});

test('sync --dry-run prints the plan and changes nothing, state included', () => {
  withRoots((dir, config) => {
    const before = fingerprint(dir);
    const dry = cli(['sync', '--dry-run', '--config', config]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /copy +left → right +docs\/a\.txt/);
    assert.deepEqual(fingerprint(dir).filter((l) => !l.startsWith('logs')), before);
  });
});

test('sync PATH limits the pass to that folder', () => {
  withRoots((dir, config) => {
    // A dashed flag right before the path must not swallow it.
    const dry = JSON.parse(cli(['sync', '--dry-run', 'docs', '--json', '--config', config]).stdout);
    assert.deepEqual(dry.plan.map((a: { key: string }) => a.key).sort(), ['docs', 'docs/a.txt']);
    const r = cli(['sync', '--json', '--config', config, 'docs']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fingerprint(join(dir, 'left')).map((l) => l.split(' ')[0]), ['docs/', 'docs/a.txt']);
    assert.deepEqual(fingerprint(join(dir, 'right')).map((l) => l.split(' ')[0]).sort(), ['b.txt', 'docs/', 'docs/a.txt']);
  });
});

test('a missing root stops with exit 3 and touches nothing', () => {
  withRoots((dir, config) => {
    writeFileSync(config, `{ left: 'left', right: 'not-mounted', stateDir: 'state' }`);
    // syncwarden's own folders are the one thing written: the stop is logged and recorded for status.
    const data = (lines: string[]) => lines.filter((l) => !l.startsWith('.syncwarden/') && !l.startsWith('state/'));
    const before = data(fingerprint(dir));
    const r = cli(['sync', '--config', config]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /not-mounted/);
    assert.deepEqual(data(fingerprint(dir)), before);
  });
});

test('validate: a broken config lists every problem and exits 2; a good one proves the policies total', () => {
  withRoots((dir, config) => {
    assert.equal(cli(['validate', '--config', config]).code, 0);
    writeFileSync(config, `{ left: 'left', right: 'right', softDelete: { maxSizeMB: -1 }, conflicts: { bothChanged: 'option9' } }`);
    const r = cli(['validate', '--config', config]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /softDelete\.maxSizeMB/);
    assert.match(r.stderr, /conflicts\.bothChanged/);
  });
});

test('unknown command or option exits 2 with help', () => {
  const r = cli(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stdout + r.stderr, /Usage/);
  assert.equal(cli(['sync', '--bogus']).code, 2);
});

test('status reports the last run, what is tracked, and a guard stop', () => {
  withRoots((dir, config) => {
    assert.equal(cli(['sync', '--config', config]).code, 0);
    const s = JSON.parse(cli(['status', '--json', '--config', config]).stdout);
    assert.equal(s.lastRun.exitCode, 0);
    assert.equal(s.tracked, 3);
    assert.equal(s.firstSyncDone, true);
    writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' }, safety: { sentinel: 'missing.txt' } }`);
    assert.equal(cli(['sync', '--config', config]).code, 3);
    assert.equal(JSON.parse(cli(['status', '--json', '--config', config]).stdout).lastRun.exitCode, 3);
    void dir;
  });
});

test('temp files a crash left behind are removed, never synced', () => {
  withRoots((dir, config) => {
    writeFileSync(join(dir, 'left', 'docs', '.syncwarden-tmp-deadbeef'), 'half a copy');
    const r = cli(['sync', '--json', '--config', config]);
    assert.equal(r.code, 0, r.stderr);
    const all = [...fingerprint(join(dir, 'left')), ...fingerprint(join(dir, 'right'))];
    assert.deepEqual(all.filter((l) => l.includes('.syncwarden-tmp-')), []);
  });
});

test('an idle pass leaves the state file alone and still shows in status', () => {
  withRoots((dir, config) => {
    assert.equal(cli(['sync', '--config', config]).code, 0);
    const state = join(dir, 'state', 'state.json');
    const stateFiles = () => fingerprint(join(dir, 'state')).filter((l) => /^state\.(json|journal) /.test(l));
    const before = stateFiles();
    const idle = JSON.parse(cli(['sync', '--json', '--config', config]).stdout);
    assert.deepEqual(idle.plan, []);
    assert.deepEqual(stateFiles(), before, `${state} or its journal was written`);
    assert.equal(JSON.parse(cli(['status', '--json', '--config', config]).stdout).lastRun.runId, idle.runId);
  });
});

test('trash folders older than softDelete.retentionDays are purged by a pass; recent and hand-made ones stay', () => {
  withRoots((dir, config) => {
    writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' }, softDelete: { retentionDays: 30 } }`);
    const trash = (name: string) => join(dir, 'right', '.sync_trash', name);
    for (const name of ['20200101-000000', '29990101-000000', 'kept by hand']) {
      mkdirSync(trash(name), { recursive: true });
      writeFileSync(join(trash(name), 'x.txt'), 'x');
    }
    assert.equal(cli(['sync', '--config', config]).code, 0);
    assert.deepEqual(readdirSync(join(dir, 'right', '.sync_trash')).sort(), ['29990101-000000', 'kept by hand']);
    // What the purge removed is gone for good, so it is in the log like a delete.
    const purged = JSON.parse(cli(['history', '--action', 'purge', '--json', '--config', config]).stdout).entries;
    assert.deepEqual(purged.map((e: { side: string; path: string; forGood: boolean }) => [e.side, e.path, e.forGood]), [['right', '.sync_trash/20200101-000000', true]]);
  });
});
