import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fingerprint } from '../support/cli.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

const T0 = 1_700_000_000;

/** Two synced roots with a few files (so one delete is no mass delete), a sentinel, and `fn` on them. */
function withSynced(fn: (dir: string, config: string) => void, extraConfig = ''): void {
  const dir = makeTmp('sw-e2e-versions-');
  try {
    mkdirSync(join(dir, 'l', 'Docs'), { recursive: true });
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'l', '.mounted'), '');
    writeFileSync(join(dir, 'r', '.mounted'), '');
    for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(dir, 'l', name), name);
    writeFileSync(join(dir, 'l', 'Docs', 'report.txt'), 'v1');
    utimesSync(join(dir, 'l', 'Docs', 'report.txt'), T0, T0);
    const config = join(dir, 'c.json5');
    writeFileSync(config, `{ left: 'l', right: 'r', stateDir: 'st', log: { dir: 'logs' }, health: { enabled: false }, safety: { sentinel: '.mounted' }${extraConfig} }`);
    const first = cli(['sync', '--config', config]);
    assert.equal(first.code, 0, first.stderr);
    fn(dir, config);
  } finally {
    removeTmp(dir);
  }
}

function json(args: string[], code = 0): any {
  const r = cli([...args, '--json']);
  assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function read(dir: string, side: string, rel: string): string | null {
  const file = join(dir, side, rel);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

test('a file deleted on left is trashed on right, listed by versions, restored there, and the next pass brings it back to left', () => {
  withSynced((dir, config) => {
    rmSync(join(dir, 'l', 'Docs', 'report.txt'));
    assert.equal(cli(['sync', '--config', config]).code, 0);
    assert.equal(read(dir, 'r', 'Docs/report.txt'), null, 'the delete reached right');

    const listed = json(['versions', 'Docs/report.txt', '--config', config]);
    assert.equal(listed.path, 'Docs/report.txt');
    assert.equal(listed.versions.length, 1);
    const [v] = listed.versions;
    assert.deepEqual([v.path, v.side, v.reason, v.size, v.mtime], ['Docs/report.txt', 'right', 'deleted', 2, new Date(T0 * 1000).toISOString()]);
    assert.match(v.id, /^[0-9a-f]{12}$/);
    assert.match(v.trashPath, /^\.sync_trash\/\d{8}-\d{6}\/Docs\/report\.txt$/);
    assert.match(v.run, /^\d{8}-\d{6}-[0-9a-f]{8}$/);
    assert.ok(Date.parse(v.expires) > Date.parse(v.ts), 'the purge date is after the trash date');
    // The human table: the date, the side, the size and the reason.
    const table = cli(['versions', 'docs/REPORT.txt', '--config', config]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, new RegExp(`${v.id}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d\\d:\\d\\d\\s+right\\s+2 B\\s+deleted`));

    const restored = json(['restore', 'Docs/report.txt', '--config', config]);
    assert.equal(restored.through, 'directly');
    assert.equal(restored.ok, true);
    assert.equal(restored.to, 'right', "default: the version's own side");
    assert.deepEqual(restored.steps, [{ side: 'right', path: 'Docs/report.txt', outcome: 'restored', previous: 'absent' }]);
    assert.equal(read(dir, 'r', 'Docs/report.txt'), 'v1');
    assert.equal(read(dir, 'l', 'Docs/report.txt'), null, 'the restore itself writes only the chosen side');
    assert.ok(existsSync(join(dir, 'r', v.trashPath)), 'the version stays in the trash: it can be restored again');

    const next = json(['sync', '--config', config]);
    assert.deepEqual(next.plan.filter((a: any) => a.kind === 'copy').map((a: any) => [a.from, a.dstRel]), [['right', 'Docs/report.txt']]);
    assert.equal(read(dir, 'l', 'Docs/report.txt'), 'v1');
    assert.equal(json(['sync', '--config', config]).plan.length, 0, 'in sync afterwards');

    const history = json(['history', '--action', 'restore', '--config', config]);
    assert.deepEqual(history.entries.map((e: any) => [e.action, e.from, e.side, e.path, e.fromPath, e.result]), [['restore', 'right', 'right', 'Docs/report.txt', v.trashPath, 'ok']]);
    assert.match(cli(['history', '--action', 'restore', '--config', config]).stdout, /restore\s+right→right\s+\.sync_trash\/\S+ → Docs\/report\.txt/);
  });
});

test('an overwritten version restored with --to both: both sides get it, their current content goes to their trash, the next pass copies nothing', () => {
  withSynced((dir, config) => {
    writeFileSync(join(dir, 'l', 'Docs', 'report.txt'), 'v2 edited');
    utimesSync(join(dir, 'l', 'Docs', 'report.txt'), T0 + 100, T0 + 100);
    assert.equal(cli(['sync', '--config', config]).code, 0);
    assert.equal(read(dir, 'r', 'Docs/report.txt'), 'v2 edited');
    const [v] = json(['versions', 'Docs/report.txt', '--config', config]).versions;
    assert.deepEqual([v.side, v.reason, v.size], ['right', 'overwritten', 2]);

    const before = { l: fingerprint(join(dir, 'l')), r: fingerprint(join(dir, 'r')) };
    const dry = json(['restore', 'Docs/report.txt', '--version', v.id, '--to', 'both', '--dry-run', '--config', config]);
    assert.deepEqual(dry.steps.map((s: any) => [s.side, s.outcome, s.previous]), [['left', 'planned', 'trash'], ['right', 'planned', 'trash']]);
    assert.deepEqual({ l: fingerprint(join(dir, 'l')), r: fingerprint(join(dir, 'r')) }, before, 'a dry run touches nothing');

    const out = json(['restore', 'Docs/report.txt', '--version', v.id, '--to', 'both', '--config', config]);
    assert.equal(out.ok, true);
    assert.equal(out.version.id, v.id);
    assert.match(out.runId, /^restore-\d{8}-\d{6}-[0-9a-f]{8}$/);
    for (const [side, s] of [['l', out.steps[0]], ['r', out.steps[1]]] as const) {
      assert.deepEqual([s.outcome, s.previous], ['restored', 'trash']);
      assert.equal(read(dir, side, 'Docs/report.txt'), 'v1');
      assert.equal(read(dir, side, s.trashedTo), 'v2 edited', 'the replaced content is in the trash: the restore is undoable');
    }
    const after = json(['versions', 'Docs/report.txt', '--config', config]).versions;
    assert.deepEqual(after.map((x: any) => x.reason).sort(), ['overwritten', 'replaced by restore', 'replaced by restore']);
    assert.deepEqual(after.filter((x: any) => x.reason === 'replaced by restore').map((x: any) => x.side).sort(), ['left', 'right']);

    const next = json(['sync', '--config', config]);
    assert.deepEqual(next.plan.filter((a: any) => a.kind !== 'record'), [], 'both sides agree: recorded in sync, nothing copied');
    assert.equal(Math.trunc(statSync(join(dir, 'l', 'Docs', 'report.txt')).mtimeMs), T0 * 1000, "the version's own mtime came back");

    // Undo: the left's replaced content, restored over the restore.
    const undo = after.find((x: any) => x.side === 'left' && x.reason === 'replaced by restore');
    assert.equal(json(['restore', 'Docs/report.txt', '--version', undo.id, '--config', config]).ok, true);
    assert.equal(read(dir, 'l', 'Docs/report.txt'), 'v2 edited');
  });
});

test('bad input exits 2 and touches nothing: an unknown version, an unknown path, a bad --to, no PATH', () => {
  withSynced((dir, config) => {
    writeFileSync(join(dir, 'l', 'a.txt'), 'a edited, longer');
    assert.equal(cli(['sync', '--config', config]).code, 0);
    const before = { l: fingerprint(join(dir, 'l')), r: fingerprint(join(dir, 'r')) };

    const unknown = json(['restore', 'a.txt', '--version', 'ffffffffffff', '--config', config], 2);
    assert.equal(unknown.exitCode, 2);
    assert.equal(unknown.error.kind, 'input');
    assert.equal(unknown.error.errors[0].field, '--version');
    assert.match(unknown.error.message, /one of the versions of a\.txt: [0-9a-f]{12} \(/);
    const nothing = cli(['restore', 'never-here.txt', '--config', config]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /PATH: expected a path with versions in the trash/);
    assert.equal(cli(['restore', 'a.txt', '--to', 'middle', '--config', config]).code, 2);
    assert.equal(cli(['restore', '--config', config]).code, 2);
    assert.equal(cli(['restore', '/elsewhere/a.txt', '--config', config]).code, 2);

    assert.deepEqual({ l: fingerprint(join(dir, 'l')), r: fingerprint(join(dir, 'r')) }, before);
    // No versions is an answer, not an error.
    assert.deepEqual(json(['versions', 'never-here.txt', '--config', config]).versions, []);
  });
});

test('restore refuses with exit 3 when a root is missing or the sentinel is gone; nothing touched', () => {
  withSynced((dir, config) => {
    rmSync(join(dir, 'l', 'b.txt'));
    assert.equal(cli(['sync', '--config', config]).code, 0);
    assert.equal(json(['versions', 'b.txt', '--config', config]).versions.length, 1);

    renameSync(join(dir, 'r'), join(dir, 'r-away'));
    const before = fingerprint(join(dir, 'l'));
    const missing = json(['restore', 'b.txt', '--to', 'left', '--config', config], 3);
    assert.equal(missing.safetyStop.reason, 'rootMissing');
    assert.deepEqual(fingerprint(join(dir, 'l')), before);
    renameSync(join(dir, 'r-away'), join(dir, 'r'));

    rmSync(join(dir, 'r', '.mounted'));
    const sentinel = cli(['restore', 'b.txt', '--to', 'left', '--config', config]);
    assert.equal(sentinel.code, 3, sentinel.stderr);
    assert.match(sentinel.stderr, /sentinel/);
    assert.equal(read(dir, 'l', 'b.txt'), null);
    assert.equal(read(dir, 'r', 'b.txt'), null);
    const stops = json(['history', '--action', 'stop', '--config', config]);
    assert.ok(JSON.stringify(stops).includes('sentinelMissing'), 'the refusal is in the audit trail');
  });
});

test('with Windows name semantics a version finds the path however it is spelled now, and writes over that spelling', () => {
  withSynced((dir, config) => {
    rmSync(join(dir, 'l', 'Docs', 'report.txt'));
    assert.equal(cli(['sync', '--config', config]).code, 0);
    // Meanwhile the folder was respelled on right, and a new file of another case holds the name on left.
    renameSync(join(dir, 'r', 'Docs'), join(dir, 'r', 'DOCS'));
    writeFileSync(join(dir, 'l', 'Docs', 'REPORT.txt'), 'new one');
    const out = json(['restore', 'docs/report.TXT', '--to', 'both', '--config', config]);
    assert.deepEqual(out.steps.map((s: any) => [s.side, s.path, s.previous]), [['left', 'Docs/REPORT.txt', 'trash'], ['right', 'DOCS/report.txt', 'absent']]);
    assert.equal(read(dir, 'l', 'Docs/REPORT.txt'), 'v1');
    assert.equal(read(dir, 'r', 'DOCS/report.txt'), 'v1');
    assert.ok(!existsSync(join(dir, 'r', 'Docs')), 'no second folder beside DOCS');
  });
});

test("the loser of a newer-wins conflict is a version of its path ('conflict loser'), restorable on its side", () => {
  withSynced((dir, config) => {
    writeFileSync(join(dir, 'l', 'a.txt'), 'left edit');
    utimesSync(join(dir, 'l', 'a.txt'), T0 + 100, T0 + 100);
    writeFileSync(join(dir, 'r', 'a.txt'), 'right edit, newer');
    utimesSync(join(dir, 'r', 'a.txt'), T0 + 200, T0 + 200);
    assert.equal(cli(['sync', '--config', config]).code, 0);
    assert.equal(read(dir, 'l', 'a.txt'), 'right edit, newer');
    const [v] = json(['versions', 'a.txt', '--config', config]).versions;
    assert.deepEqual([v.side, v.reason, v.size], ['left', 'conflict loser', 9]);
    assert.equal(json(['restore', 'a.txt', '--config', config]).steps[0].outcome, 'restored');
    assert.equal(read(dir, 'l', 'a.txt'), 'left edit');
  }, ", conflicts: { bothChanged: 'option2' }");
});

test('help lists versions and restore; restore --help names --version and --to', () => {
  const help = cli(['help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^\s+versions \[path\]\s+\S/m);
  assert.match(help.stdout, /^\s+restore <path>\s+\S/m);
  const restore = cli(['help', 'restore']);
  assert.match(restore.stdout, /restore <path> \[--version ID\|TIME\] \[--to left\|right\|both\]/);
  assert.match(cli(['--version']).stdout, /^syncwarden\/\d+\.\d+\.\d+ /);
});
