import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { put, withWorld, writeConfig } from '../support/audit-world.js';

/*
 * What a person reads, through the real CLI (issue 11): times with their zone, sizes in KB/MB, paths as
 * spelled on disk, conflict options in words, counts that do not read double, a state file "set aside"
 * somewhere real.
 */

const ZONE = { TZ: 'Asia/Kolkata' }; // +05:30: an offset no test machine has by accident

test('dry run and explain: real spelling, conflict options in words, counts once, sizes and zoned times', () => withWorld({ conflicts: { bothChanged: 'option3' } }, (w) => {
  put(w.left, 'Notes/Plan.TXT', 'base');
  put(w.left, 'Old.txt', 'x'.repeat(3000));
  put(w.left, 'Gone.txt', 'tiny');
  assert.equal(cli(['sync', '--config', w.config]).code, 0);
  put(w.left, 'Notes/Plan.TXT', 'left edit', Date.now() - 120_000);
  put(w.right, 'Notes/Plan.TXT', 'right edit!', Date.now() - 60_000);
  put(w.left, 'Same.TXT', 'same', Date.now() - 7_200_000);
  put(w.right, 'Same.TXT', 'same', Date.now() - 7_200_000);
  put(w.left, 'Clash', 'a file here');
  mkdirSync(join(w.right, 'Clash'));
  writeFileSync(join(w.left, 'Old.txt'), '');
  const dry = cli(['sync', '--dry-run', '--config', w.config]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^conflict Notes\/Plan\.TXT {2}bothChanged option3 \(touch nothing\): both versions kept as they are until syncwarden resolve settles it/m);
  assert.doesNotMatch(dry.stdout, /left untouched/);
  assert.match(dry.stdout, /^in sync {2}Same\.TXT/m);
  assert.match(dry.stdout, /^conflict Clash {2}typeClash: /m);
  assert.doesNotMatch(dry.stdout, /typeClash typeClash|keepBoth keepBoth/);
  assert.match(dry.stdout, /copy +left → right +Old\.txt +\(0 B, old version not kept\)/);
  assert.match(dry.stdout, /conflicts +2 +\(bothChanged 1; typeClash 1; 1 left open\)/);
  assert.doesNotMatch(dry.stdout, /openConflicts|conflict:bothChanged/);

  const explain = cli(['explain', 'notes/plan.txt', '--config', w.config], undefined, ZONE);
  assert.equal(explain.code, 0, explain.stderr);
  assert.match(explain.stdout, /^path: Notes\/Plan\.TXT {2}\(key notes\/plan\.txt\)$/m);
  assert.match(explain.stdout, /left now: +file Notes\/Plan\.TXT {2}9 B {2}mtime \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30/);
  assert.match(explain.stdout, /base left: +Notes\/Plan\.TXT {2}4 B/);
  assert.match(explain.stdout, / in \(unscoped\)$/m);
  assert.doesNotMatch(explain.stdout, /\(\(unscoped\)\)|Z {2}mode/);
  assert.match(cli(['explain', 'old.txt', '--config', w.config]).stdout, /base left: +Old\.txt {2}2\.9 KB/);

  assert.equal(cli(['sync', '--config', w.config]).code, 0);
  const conflicts = cli(['conflicts', '--all', '--config', w.config], undefined, ZONE);
  assert.match(conflicts.stdout, /^settled +Clash +typeClash {2}/m);
  assert.match(conflicts.stdout, /^open +Notes\/Plan\.TXT +bothChanged option3 \(touch nothing\) .* 9 B, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30/m);
  assert.match(cli(['status', '--config', w.config]).stdout, /^open conflicts: 1 \(Notes\/Plan\.TXT; see syncwarden conflicts\)$/m);
}));

test('a sync reads its deletes once: to the trash, or for good', () => withWorld({}, (w) => {
  put(w.left, 'a.txt', 'a');
  put(w.left, 'b.txt', 'b');
  put(w.left, 'big.bin', Buffer.alloc(4000));
  put(w.left, 'keep1.txt', '1');
  put(w.left, 'keep2.txt', '2');
  put(w.left, 'keep3.txt', '3');
  assert.equal(cli(['sync', '--config', w.config]).code, 0);
  writeConfig(w, { safety: { maxDeletePercent: 100 } });
  for (const name of ['a.txt', 'b.txt', 'big.bin']) rmSync(join(w.left, name));
  const out = cli(['sync', '--config', w.config]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^ {2}deleted for good +1$/m);
  assert.match(out.stdout, /^ {2}moved to the trash +2$/m);
  assert.doesNotMatch(out.stdout, /deletes|trashed/);
}));

test('a damaged state file is said to be set aside somewhere real, never "as null"', () => withWorld({}, (w) => {
  put(w.left, 'a.txt', 'a');
  assert.equal(cli(['sync', '--config', w.config]).code, 0);
  writeFileSync(join(w.state, 'state.json'), 'not json at all');
  const dry = cli(['sync', '--dry-run', '--config', w.config]);
  assert.match(dry.stdout, /state file was unreadable \(unreadable: .*\); left where it is \(a dry run touches nothing\)/);
  const real = cli(['sync', '--config', w.config]);
  assert.match(real.stdout, /state file was unreadable .*; set aside as .*state\.json\.corrupt-/);
  assert.doesNotMatch(dry.stdout + real.stdout, /as null/);
}));

test('validate names the bound, not "expected must be <= 100"', () => withWorld({ safety: { maxDeletePercent: 200 } }, (w) => {
  const r = cli(['validate', '--config', w.config]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /safety\.maxDeletePercent: expected a number no greater than 100, found 200/);
  assert.doesNotMatch(r.stderr, /must be/);
}));
