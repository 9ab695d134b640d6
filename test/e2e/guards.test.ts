import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fingerprint } from '../support/cli.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

/*
 * Safety guards (SPEC §6) through the real CLI, after a first sync: a stop exits 3 and changes nothing on
 * either side nor in the state file; --force passes the delete and time-shift guards; a damaged state
 * file is set aside and the pass is a safe union that deletes nothing.
 */
const T0 = Date.UTC(2026, 10, 25, 4, 12, 0);
const HOUR = 3_600_000;

interface Roots { dir: string; left: string; right: string; config: string; state: string; files: string[] }

/** withSynced builds `n` files on the left (plus two on the right), runs a first sync, and hands over. */
function withSynced(n: number, fn: (r: Roots) => void): void {
  const dir = makeTmp('sw-e2e-guard-');
  try {
    const r: Roots = {
      dir, left: join(dir, 'left'), right: join(dir, 'right'), config: join(dir, 'config.json5'),
      state: join(dir, 'state', 'state.json'), files: [],
    };
    for (let i = 0; i < n; i++) {
      const rel = `${i % 2 ? 'docs' : 'data/sub'}/f${String(i).padStart(3, '0')}.txt`;
      mkdirSync(join(r.left, rel, '..'), { recursive: true });
      writeFileSync(join(r.left, rel), `file ${i}\n`);
      utimesSync(join(r.left, rel), (T0 + i * 1000) / 1000, (T0 + i * 1000) / 1000);
      r.files.push(rel);
    }
    mkdirSync(r.right, { recursive: true });
    writeFileSync(join(r.right, 'r1.txt'), 'right one');
    writeFileSync(join(r.right, 'r2.txt'), 'right two');
    r.files.push('r1.txt', 'r2.txt');
    writeFileSync(r.config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' } }`);
    const first = cli(['sync', '--config', r.config]);
    assert.equal(first.code, 0, first.stderr);
    fn(r);
  } finally {
    removeTmp(dir);
  }
}

/**
 * snapshot is everything a stopped pass must leave alone: both trees (the missing one under its new name)
 * and the state (snapshot and journal). The run history is left out: a guard stop is recorded as a run for `status` (fa834c0).
 */
function snapshot(r: Roots, rightAt = r.right): string[] {
  const doc = JSON.parse(readFileSync(r.state, 'utf8')) as { formatVersion: number; payload: Record<string, unknown> };
  const { runs: _runs, ...rest } = doc.payload;
  const state = createHash('sha256').update(JSON.stringify([doc.formatVersion, rest, journalBesideRuns(r)])).digest('hex');
  return [
    ...fingerprint(r.left).map((l) => `left ${l}`),
    ...fingerprint(rightAt).map((l) => `right ${l}`),
    `state ${state}`,
    `right root exists: ${existsSync(r.right)}`,
  ];
}

/** journalBesideRuns is what the state's journal says beyond runs recorded (and the entries' numbers). */
function journalBesideRuns(r: Roots): unknown[] {
  const file = join(r.dir, 'state', 'state.journal');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const { seq: _seq, runs: _runs, ...rest } = (JSON.parse(line) as { entry: Record<string, unknown> }).entry;
    return rest;
  }).filter((rest) => Object.keys(rest).length > 0);
}

function emptyFolder(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true });
}

test('guard: a missing right root stops with exit 3 and nothing changes', () => {
  withSynced(10, (r) => {
    const away = join(r.dir, 'right-away');
    renameSync(r.right, away);
    const before = snapshot(r, away);
    const out = cli(['sync', '--config', r.config]);
    assert.equal(out.code, 3, out.stderr);
    assert.deepEqual(snapshot(r, away), before);
    assert.equal(existsSync(r.right), false, 'the missing root must not be recreated');
  });
});

test('guard: an emptied right root (folder kept) stops with exit 3 and nothing changes', () => {
  withSynced(10, (r) => {
    emptyFolder(r.right);
    const before = snapshot(r);
    const out = cli(['sync', '--config', r.config]);
    assert.equal(out.code, 3, out.stderr);
    assert.match(out.stderr, /empty/);
    assert.deepEqual(snapshot(r), before);
  });
});

test('guard: deleting 60% of the left files stops with exit 3 naming counts and examples; --force deletes to the trash', () => {
  withSynced(18, (r) => {
    // 20 files after the first sync (18 + 2 from the right): 12 deleted is 60% > the default 50%.
    const doomed = r.files.slice(0, 12);
    for (const rel of doomed) rmSync(join(r.left, rel));
    const before = snapshot(r);
    const out = cli(['sync', '--config', r.config]);
    assert.equal(out.code, 3, out.stderr);
    assert.match(out.stderr, /12 of 20/);
    assert.ok(doomed.some((rel) => out.stderr.includes(rel)), `no example path in: ${out.stderr}`);
    assert.deepEqual(snapshot(r), before);

    const forced = cli(['sync', '--force', '--config', r.config]);
    assert.equal(forced.code, 0, forced.stderr);
    for (const rel of doomed) assert.equal(existsSync(join(r.right, rel)), false, `${rel} still on the right`);
    const trash = fingerprint(join(r.right, '.sync_trash')).filter((l) => !l.includes('/ '));
    for (const rel of doomed) assert.ok(trash.some((l) => l.split(' ')[0].endsWith(`/${rel}`)), `${rel} not in the right trash`);
    assert.equal(cli(['sync', '--config', r.config]).code, 0);
  });
});

test('guard: every left mtime shifted by exactly +1 h on 120 files stops with exit 3; --force proceeds', () => {
  withSynced(120, (r) => {
    for (const rel of r.files) {
      const path = join(r.left, rel);
      const t = statSync(path).mtimeMs + HOUR;
      utimesSync(path, t / 1000, t / 1000);
    }
    const before = snapshot(r);
    const out = cli(['sync', '--config', r.config]);
    assert.equal(out.code, 3, out.stderr);
    assert.match(out.stderr, /massModified|modified/);
    assert.deepEqual(snapshot(r), before);
    const forced = cli(['sync', '--force', '--config', r.config]);
    assert.equal(forced.code, 0, forced.stderr);
    const again = cli(['sync', '--json', '--config', r.config]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).plan, []);
  });
});

const CORRUPTIONS: { name: string; damage: (text: string) => string | Buffer }[] = [
  { name: 'truncated', damage: (text) => text.slice(0, Math.floor(text.length / 2)) },
  { name: 'garbage', damage: () => Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x42, 0x99, 0x0a]) },
  { name: 'empty', damage: () => '' },
  { name: 'wrong formatVersion', damage: (text) => text.replace(/^\{"formatVersion":\d+/, '{"formatVersion":99') },
  { name: 'checksum mismatch', damage: (text) => text.replace('"baseComplete":true', '"baseComplete":false') },
];

for (const { name, damage } of CORRUPTIONS) {
  test(`guard: state file ${name}: set aside, and the pass is a safe union (exit 0, no deletes)`, () => {
    withSynced(10, (r) => {
      // Since the last sync each side deleted a file: with a lost base these must come back, never propagate.
      rmSync(join(r.left, r.files[0]));
      rmSync(join(r.right, 'r1.txt'));
      const text = readFileSync(r.state, 'utf8');
      const damaged = damage(text);
      assert.notEqual(damaged.toString(), text, 'the damage changed nothing');
      writeFileSync(r.state, damaged);
      const out = cli(['sync', '--json', '--config', r.config]);
      assert.equal(out.code, 0, out.stderr);
      const report = JSON.parse(out.stdout) as { counts: Record<string, number>; recovered?: { setAsideAs: string } };
      assert.equal(report.counts.deletes ?? 0, 0, 'a union deletes nothing');
      assert.ok(report.recovered, 'the report says the state was recovered');
      assert.ok(existsSync(join(r.left, r.files[0])) && existsSync(join(r.right, r.files[0])), 'the left delete was undone, not propagated');
      assert.ok(existsSync(join(r.left, 'r1.txt')) && existsSync(join(r.right, 'r1.txt')), 'the right delete was undone, not propagated');
      assert.deepEqual(fingerprint(join(r.left, '.sync_trash')), [], 'nothing went to a trash');
      assert.deepEqual(fingerprint(join(r.right, '.sync_trash')), []);
      const setAside = readdirSync(join(r.dir, 'state')).filter((n) => n.startsWith('state.json.corrupt-'));
      assert.equal(setAside.length, 1, `set-aside files: ${setAside.join(', ')}`);
      assert.deepEqual(readFileSync(join(r.dir, 'state', setAside[0])), Buffer.from(damaged), 'the damaged file is kept as it was');
      const again = cli(['sync', '--json', '--config', r.config]);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(JSON.parse(again.stdout).plan, []);
    });
  });
}
