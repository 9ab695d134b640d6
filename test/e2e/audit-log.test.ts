import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { auditLines, lockFolder, put, withWorld, type AuditLine, type World } from '../support/audit-world.js';

/*
 * The audit trail through the real CLI (issue 11): after a real pass, the log holds one line per executed
 * action with its run id, side, paths, bytes, rule, result, trash location, and for a failure its cause and
 * retry; the summary names the files deleted for good; a safety stop, even a missing root, is in the log
 * and in `status`.
 */

const BIG = Buffer.alloc(5000, 7); // above the 1 KB soft-delete limit of these worlds: deleted for good

/** synced builds a first-synced world: a folder, small and big files, one to rename, one to clash, a folder to lock. */
function synced(w: World): void {
  put(w.left, 'docs/a.txt', 'v1');
  put(w.left, 'small.txt', 'small');
  put(w.left, 'big.bin', BIG);
  put(w.left, 'ren.txt', 'rename me');
  put(w.left, 'locked/keep.txt', 'k');
  put(w.left, 'c.txt', 'base');
  const first = cli(['sync', '--config', w.config]);
  assert.equal(first.code, 0, first.stderr);
}

/** changeEverything makes a pass with a copy over an old version, a trash, a delete for good, a rename and a conflict. */
function changeEverything(w: World): void {
  rmSync(join(w.left, 'small.txt'));
  rmSync(join(w.left, 'big.bin'));
  renameSync(join(w.left, 'ren.txt'), join(w.left, 'moved.txt'));
  put(w.left, 'docs/a.txt', 'v2 longer', Date.now() - 60_000);
  put(w.left, 'c.txt', 'left edit', Date.now() - 120_000);
  put(w.right, 'c.txt', 'right edit, newer', Date.now() - 60_000);
}

function byPath(lines: AuditLine[], path: string, action?: string): AuditLine {
  const hit = lines.find((l) => l.data.path === path && (action === undefined || l.data.action === action));
  assert.ok(hit, `no ${action ?? 'audit'} line for ${path} in:\n${lines.map((l) => l.msg).join('\n')}`);
  return hit;
}

test('a real pass logs every executed action: copy over an old version, trash, delete for good, rename, conflict, failure', (t) => withWorld({}, (w) => {
  synced(w);
  changeEverything(w);
  put(w.left, 'locked/new.txt', 'cannot land');
  const unlock = lockFolder(join(w.right, 'locked'));
  if (!unlock) return t.skip('no way to make a folder unwritable here');
  let out: ReturnType<typeof cli>;
  try {
    out = cli(['sync', '--config', w.config]);
  } finally {
    unlock();
  }
  assert.equal(out.code, 1, out.stderr);

  const runId = byPath(auditLines(w.logs), 'moved.txt').runId;
  const lines = auditLines(w.logs).filter((l) => l.runId === runId);
  assert.ok(runId && lines.every((l) => typeof l.data.rule === 'string' && (l.data.rule as string).length > 0 && !Number.isNaN(Date.parse(l.t))));
  assert.deepEqual(lines.map((l) => l.data.action).filter((a) => a === 'record' || a === 'forget'), [], 'bookkeeping is not logged');

  const copy = byPath(lines, 'docs/a.txt').data;
  assert.deepEqual([copy.action, copy.side, copy.from, copy.bytes, copy.result, copy.oldVersion], ['copy', 'right', 'left', 9, 'ok', 'trash']);
  assert.match(String(copy.trashedTo), /^\.sync_trash\/\d{8}-\d{6}\/docs\/a\.txt$/);
  assert.equal(readFileSync(join(w.right, String(copy.trashedTo)), 'utf8'), 'v1');

  const trash = byPath(lines, 'small.txt').data;
  assert.deepEqual([trash.action, trash.side, trash.bytes, trash.forGood], ['trash', 'right', 5, undefined]);
  assert.equal(readFileSync(join(w.right, String(trash.trashedTo)), 'utf8'), 'small');

  const gone = byPath(lines, 'big.bin').data;
  assert.deepEqual([gone.action, gone.side, gone.bytes, gone.forGood, gone.trashedTo], ['delete', 'right', 5000, true, undefined]);

  const rename = byPath(lines, 'moved.txt').data;
  assert.deepEqual([rename.action, rename.side, rename.fromPath, rename.result], ['rename', 'right', 'ren.txt', 'ok']);

  const conflict = byPath(lines, 'c.txt', 'conflict').data as unknown as { conflict: { rule: string; option: string } };
  assert.deepEqual([conflict.conflict.rule, conflict.conflict.option], ['bothChanged', 'option1']);

  const failed = byPath(lines, 'locked/new.txt');
  const error = failed.data.error as { code: string; message: string; attempts: number; retry: string };
  assert.deepEqual([failed.level, failed.data.action, failed.data.result, error.attempts, error.retry], ['warn', 'copy', 'failed', 4, 'nextPass']);
  assert.match(error.code, /^(EPERM|EACCES)$/);

  // The summary names what is gone for good, says each failure's cause once, and counts in words.
  assert.match(out.stdout, /deleted for good \(not kept in the trash\):\n {2}right {2}big\.bin {2}\(4\.9 KB\)\n/);
  assert.match(out.stdout, /FAILED copy +left → right +locked\/new\.txt .*: (EPERM|EACCES): .*\(after 4 tries\); retried at the next pass/);
  assert.doesNotMatch(out.stdout, /(EPERM|EACCES) \1/);
  assert.match(out.stdout, /deleted for good +1\n/);
  assert.match(out.stdout, /moved to the trash +1\n/);
  assert.doesNotMatch(out.stdout, /deletes|trashed/);

  const status = cli(['status', '--config', w.config]);
  assert.match(status.stdout, /last failures: 1 in the pass of .*\n {2}copy right locked\/new\.txt: (EPERM|EACCES): /);
  // Unlocked, the next pass retries it.
  const next = cli(['sync', '--config', w.config]);
  assert.equal(next.code, 0, next.stderr);
  const retried = auditLines(w.logs).filter((l) => l.data.path === 'locked/new.txt').map((l) => l.data.result);
  assert.deepEqual(retried, ['failed', 'ok']);
  assert.equal(readFileSync(join(w.right, 'locked', 'new.txt'), 'utf8'), 'cannot land');
}));

test('a missing root leaves a trace: the log, status (local time with its offset) and history', () => withWorld({}, (w) => {
  synced(w);
  renameSync(w.right, `${w.right}-unmounted`);
  const stop = cli(['sync', '--config', w.config]);
  assert.equal(stop.code, 3, stop.stderr);
  // Said once, in words: no raw object beside it.
  assert.equal(stop.stderr.split('is missing').length - 1, 1, stop.stderr);
  assert.doesNotMatch(stop.stderr, /\{|reason:/);

  const [line] = auditLines(w.logs).filter((l) => l.data.event === 'stop');
  assert.deepEqual([line.level, line.data.reason, line.data.side, line.data.dryRun], ['error', 'rootMissing', 'right', false]);

  const json = JSON.parse(cli(['status', '--json', '--config', w.config]).stdout);
  assert.deepEqual([json.lastStop.reason, json.lastStop.side, json.lastStop.runId, json.last24h.safetyStops], ['rootMissing', 'right', line.runId, 1]);
  const human = cli(['status', '--config', w.config], undefined, { TZ: 'Asia/Kolkata' }).stdout;
  assert.match(human, /last safety stop: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30: rootMissing \(right\): right root .* is missing/);
  assert.match(human, /1 safety stop\b/);
  const history = JSON.parse(cli(['history', '--action', 'stop', '--json', '--config', w.config]).stdout);
  assert.deepEqual(history.entries.map((e: { reason: string }) => e.reason), ['rootMissing']);

  renameSync(`${w.right}-unmounted`, w.right);
  assert.equal(cli(['sync', '--config', w.config]).code, 0);
  assert.match(cli(['status', '--config', w.config]).stdout, /rootMissing .*; a pass has run since/);
}));

test('a missing root on the very first run is recorded too, with no state yet', () => withWorld({}, (w) => {
  rmSync(w.left, { recursive: true });
  assert.equal(cli(['sync', '--config', w.config]).code, 3);
  assert.ok(existsSync(join(w.state, 'incidents.json')));
  assert.equal(JSON.parse(cli(['status', '--json', '--config', w.config]).stdout).lastStop.reason, 'rootMissing');
}));
