import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cli } from '../support/cli.js';
import { auditLines, put, withWorld, type World } from '../support/audit-world.js';

/*
 * `syncwarden history` through the real CLI, over a log small enough to rotate during the passes: the
 * filters --since, --path, --action and --failed, JSON and the table, and entries found in rotated files.
 */

interface Entry { runId: string; action?: string; event: string; path: string; fromPath?: string; forGood?: boolean }

function history(w: World, ...args: string[]): { entries: Entry[]; files: string[] } {
  const r = cli(['history', '--json', '--config', w.config, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const paths = (entries: Entry[]) => entries.map((e) => `${e.action} ${e.fromPath ? `${e.fromPath} → ` : ''}${e.path}`).sort();

// Two passes: a first sync, then a trash, a delete for good, a rename and an overwrite. About 2 KB per log file.
test('history lists both passes, rotated log files included, and every filter narrows it', () => withWorld({ log: { maxSizeMB: 0.002, keep: 50 } }, async (w) => {
  put(w.left, 'docs/a.txt', 'v1');
  put(w.left, 'docs/deep/b.txt', 'b');
  put(w.left, 'small.txt', 'small');
  put(w.left, 'big.bin', Buffer.alloc(5000, 1));
  put(w.left, 'ren.txt', 'rename me');
  assert.equal(cli(['sync', '--config', w.config]).code, 0);
  await sleep(20);
  const between = new Date();
  await sleep(20);
  rmSync(join(w.left, 'small.txt'));
  rmSync(join(w.left, 'big.bin'));
  renameSync(join(w.left, 'ren.txt'), join(w.left, 'Moved.txt'));
  put(w.left, 'docs/a.txt', 'v2', Date.now() - 60_000);
  assert.equal(cli(['sync', '--config', w.config]).code, 0);

  const rotated = readdirSync(w.logs).filter((n) => /^syncwarden\.log\.\d+$/.test(n));
  assert.ok(rotated.length >= 2, `the log should have rotated: ${readdirSync(w.logs).join(', ')}`);
  const inRotated = rotated.flatMap((n) => readFileSync(join(w.logs, n), 'utf8').split('\n')).filter((l) => l.includes('"event":"action"'));
  assert.ok(inRotated.length > 0, 'some action lines live in rotated files');

  const all = history(w);
  assert.equal(all.entries.length, auditLines(w.logs).length);
  assert.ok(all.files.length > rotated.length, 'the current file and every rotated one are read');
  const [first, second] = [...new Set(all.entries.map((e) => e.runId))];
  assert.ok(first && second);

  assert.deepEqual(paths(history(w, '--action', 'delete').entries), ['delete big.bin']);
  assert.equal(history(w, '--action', 'delete').entries[0].forGood, true);
  assert.deepEqual(paths(history(w, '--action', 'trash,delete').entries), ['delete big.bin', 'trash small.txt']);
  assert.deepEqual(paths(history(w, '--action', 'rename').entries), ['rename ren.txt → Moved.txt']);
  // A folder takes everything under it; a rename is found by its old or its new path, in any case.
  assert.deepEqual(paths(history(w, '--path', 'docs').entries), ['copy docs/a.txt', 'copy docs/a.txt', 'copy docs/deep/b.txt', 'mkdir docs', 'mkdir docs/deep']);
  assert.deepEqual(paths(history(w, '--path', 'REN.TXT').entries), ['copy ren.txt', 'rename ren.txt → Moved.txt']);
  assert.deepEqual(paths(history(w, '--path', 'moved.txt').entries), ['rename ren.txt → Moved.txt']);
  assert.deepEqual(paths(history(w, '--path', join(w.right, 'docs', 'deep')).entries), ['copy docs/deep/b.txt', 'mkdir docs/deep']);
  // --since: a time between the passes keeps only the second; a duration reaches back over both.
  const since = history(w, '--since', between.toISOString()).entries;
  assert.ok(since.length > 0 && since.every((e) => e.runId === second), 'only the second pass');
  assert.equal(history(w, '--since', '1h').entries.length, all.entries.length);
  assert.deepEqual(history(w, '--since', '1h', '--action', 'copy', '--path', 'docs/a.txt').entries.length, 2);
  assert.deepEqual(history(w, '--failed').entries, []);

  // The table: local times with their offset, human sizes, one row per entry.
  const table = cli(['history', '--since', '24h', '--config', w.config], undefined, { TZ: 'America/St_Johns' });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^time +action +side +path +size +outcome$/m);
  assert.match(table.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d -0[23]:30 +delete +right +big\.bin +4\.9 KB +deleted for good/m);
  assert.match(table.stdout, /rename +right +ren\.txt → Moved\.txt/);
  assert.match(table.stdout, new RegExp(`^${all.entries.length} entries`, 'm'));
  assert.match(cli(['history', '--failed', '--config', w.config]).stdout, /^nothing recorded that matches/);
}));

test('history: a bad filter is a usage error (exit 2), in JSON too', () => withWorld({}, (w) => {
  for (const args of [['--action', 'teleport'], ['--since', 'yesterday-ish']]) {
    const r = cli(['history', '--json', '--config', w.config, ...args]);
    assert.equal(r.code, 2, r.stderr);
    const body = JSON.parse(r.stdout);
    assert.deepEqual([body.exitCode, body.error.kind, body.error.errors[0].field], [2, 'input', args[0]]);
  }
  assert.deepEqual(history(w).entries, [], 'no log yet: nothing, no error');
}));
