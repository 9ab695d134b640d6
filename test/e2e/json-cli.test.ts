import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOLD_ENV } from '../../src/app/test-hold.js';
import { cli } from '../support/cli.js';
import { cliSpawn } from '../support/cli-spawn.js';
import { put, withWorld, writeConfig } from '../support/audit-world.js';

/*
 * `--json` through the real CLI: stdout parses as one JSON value on every exit path of every command —
 * success, failure, safety stop, usage error, config error — and nothing is printed before it.
 */

function json(args: string[], code: number): Record<string, any> {
  const r = cli(args);
  assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
  try {
    return JSON.parse(r.stdout);
  } catch {
    return assert.fail(`${args.join(' ')}: stdout is not JSON:\n${r.stdout}`);
  }
}

test('--json: every command answers in JSON when it works', () => withWorld({}, (w) => {
  put(w.left, 'Docs/Report.txt', 'r');
  const c = ['--config', w.config];
  assert.equal(json(['validate', '--json', ...c], 0).ok, true);
  assert.equal(json(['scan', '--json', ...c], 0).files.left, 1);
  assert.equal(json(['sync', '--json', ...c], 0).exitCode, 0);
  assert.equal(json(['status', '--json', ...c], 0).tracked, 2);
  assert.deepEqual(json(['conflicts', '--json', ...c], 0), []);
  assert.deepEqual(json(['history', '--json', ...c], 0).entries.map((e: { action: string; path: string }) => `${e.action} ${e.path}`), ['mkdir Docs', 'copy Docs/Report.txt']);
  const known = json(['explain', 'docs/report.txt', '--json', ...c], 0);
  assert.deepEqual([known.found, known.fact.left.rel], [true, 'Docs/Report.txt']);
  const unknown = json(['explain', 'no/such.txt', '--json', ...c], 0);
  assert.deepEqual(unknown, { path: 'no/such.txt', found: false, message: 'not present on either side nor in the base' });
  assert.equal(json(['mail-test', '--json', ...c], 2).error.kind, 'config');
}));

test('--json: a safety stop gives its reason, side and counts, and the run id', () => withWorld({}, (w) => {
  for (let i = 0; i < 4; i++) put(w.left, `f${i}.txt`, `file ${i}`);
  const c = ['--config', w.config];
  json(['sync', '--json', ...c], 0);
  for (let i = 0; i < 3; i++) rmSync(join(w.left, `f${i}.txt`));
  const guard = json(['sync', '--json', ...c], 3);
  assert.equal(guard.exitCode, 3);
  assert.match(guard.runId, /^\d{8}-\d{6}-/);
  assert.deepEqual([guard.safetyStop.reason, guard.safetyStop.side, guard.safetyStop.counts.deletes], ['tooManyDeletes', 'right', 3]);
  assert.equal(guard.safetyStop.examples.length, 3);
  assert.equal(json(['sync', '--dry-run', '--json', ...c], 3).safetyStop.reason, 'tooManyDeletes');
  rmSync(w.right, { recursive: true });
  const root = json(['sync', '--json', ...c], 3);
  assert.deepEqual([root.safetyStop.reason, root.safetyStop.side], ['rootMissing', 'right']);
  assert.equal(json(['scan', '--json', ...c], 3).safetyStop.reason, 'rootMissing');
}));

test('--json: usage and config errors are error objects (exit 2)', () => withWorld({}, (w) => {
  const c = ['--config', w.config];
  for (const args of [['sync', '--bogus', '--json', ...c], ['bogus', '--json'], ['--json'], ['resolve', '--json', ...c], ['resolve', 'x', '--keep', 'middle', '--json', ...c]]) {
    const body = json(args, 2);
    assert.equal(body.exitCode, 2);
    assert.match(body.error.kind, /^(usage|input)$/, args.join(' '));
    assert.ok(body.error.message.length > 0);
  }
  writeConfig(w, { safety: { maxDeletePercent: 200 } });
  for (const command of ['sync', 'status', 'history', 'validate', 'explain x']) {
    const body = json([...command.split(' '), '--json', ...c], 2);
    assert.deepEqual([body.error.kind, body.error.errors[0].field], ['input', 'safety.maxDeletePercent'], command);
    assert.equal(body.error.errors[0].expected, 'a number no greater than 100');
  }
  assert.equal(json(['status', '--json', '--config', join(w.dir, 'missing.json5')], 2).error.kind, 'input');
  assert.equal(json(['scenario', '--json', '--case', 'no scenario is called this'], 2).error.errors[0].field, '--case');
}));

test('demo --json prints the report alone on stdout', () => withWorld({}, (w) => {
  writeFileSync(w.config, JSON.stringify({ left: 'demo/left', right: 'demo/right', stateDir: 'state', log: { dir: 'logs' } }));
  const r = cli(['demo', '--json', '--config', w.config]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).counts.copies, 5);
  assert.match(r.stderr, /created demo folder/);
}));

test('syncwarden help works like --help, for a command too', () => {
  const all = cli(['help']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /Usage:\n {2}\$ syncwarden <command> \[options\]/);
  assert.match(all.stdout, /history/);
  const one = cli(['help', 'history']);
  assert.equal(one.code, 0);
  assert.match(one.stdout, /\$ syncwarden history[\s\S]*--since <time>/);
});

test('--json: a pass stopped by SIGTERM still answers in JSON (exit 143)', () => withWorld({}, async (w) => {
  put(w.left, 'a.txt', 'a');
  const hold = join(w.dir, 'hold');
  writeFileSync(hold, '');
  const run = cliSpawn(['sync', '--json', '--config', w.config], { [HOLD_ENV]: hold });
  for (let i = 0; !existsSync(`${hold}.reached`); i++) {
    if (i > 1500) throw new Error('the held pass never finished its scan');
    await sleep(20);
  }
  process.kill(run.pid!, 'SIGTERM');
  const r = await run.done;
  assert.equal(r.code, 143, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { exitCode: 143, error: { kind: 'signal', signal: 'SIGTERM', message: 'stopping (SIGTERM)' } });
}));
