import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafetyStop } from '../../../src/model/errors.js';
import { EventLog, eventCreateCommand, withEventLog, type EventKind } from '../../../src/ports/event-log.js';
import { silentLogger, type Logger } from '../../../src/ports/log.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const rows: { description: string; kind: EventKind; text: string; args: string[] }[] = [
  { description: 'a start is information, id 1', kind: 'start', text: 'syncwarden started', args: ['/L', 'APPLICATION', '/T', 'INFORMATION', '/SO', 'syncwarden', '/ID', '1', '/D', 'syncwarden started'] },
  { description: 'a safety stop is an error, id 3', kind: 'safetyStop', text: 'safety stop: the right root is empty', args: ['/L', 'APPLICATION', '/T', 'ERROR', '/SO', 'syncwarden', '/ID', '3', '/D', 'safety stop: the right root is empty'] },
  { description: 'lines are joined into one, quotes stay as they are (each argument is passed on its own)', kind: 'error', text: 'config: rejected "x":\n  a.json5: rules[0]\r\n  b', args: ['/L', 'APPLICATION', '/T', 'ERROR', '/SO', 'syncwarden', '/ID', '4', '/D', 'config: rejected "x": | a.json5: rules[0] | b'] },
];

for (const row of rows) {
  test(`eventCreateCommand: ${row.description}`, () => {
    assert.deepEqual(eventCreateCommand(row.kind, row.text, 'D:\\WINNT'), { file: 'D:\\WINNT\\System32\\eventcreate.exe', args: row.args });
  });
}

test('eventCreateCommand: a long text is cut to 2000 characters', () => {
  const { args } = eventCreateCommand('error', 'x'.repeat(5000));
  assert.equal(args.at(-1)!.length, 2000);
  assert.ok(args.at(-1)!.endsWith('…'));
});

/** A stand-in for eventcreate.exe (which runs on Windows only): a real child process appending its arguments to a file. */
function recorder(dir: string): { command: (kind: EventKind, text: string) => { file: string; args: string[] }; lines: () => string[] } {
  const script = join(dir, 'record.cjs');
  const out = join(dir, 'entries.txt');
  writeFileSync(script, "require('fs').appendFileSync(process.argv[2], process.argv.slice(3).join(' ') + '\\n')");
  return {
    command: (kind, text) => ({ file: process.execPath, args: [script, out, ...eventCreateCommand(kind, text).args.slice(6, 10)] }),
    lines: () => readFileSync(out, 'utf8').trim().split('\n'),
  };
}

test('EventLog runs one command per entry, in order, and only while enabled', async () => {
  const dir = makeTmp('sw-eventlog-');
  try {
    const rec = recorder(dir);
    let enabled = true;
    const events = new EventLog({ enabled: () => enabled, onFailure: (m) => assert.fail(m), command: rec.command });
    events.write('start', 'started');
    events.write('error', 'boom');
    enabled = false;
    events.write('error', 'not written');
    assert.deepEqual(await events.drain(20_000), { dropped: 0 });
    assert.deepEqual(rec.lines(), ['/ID 1 /D started', '/ID 4 /D boom']);
  } finally {
    removeTmp(dir);
  }
});

test('EventLog: a failing command is reported once and ends the entries; the logger still logs every line', async () => {
  const failures: string[] = [];
  const errors: string[] = [];
  const kinds: EventKind[] = [];
  const events = new EventLog({ enabled: () => true, onFailure: (m) => failures.push(m), command: (kind) => (kinds.push(kind), { file: '/nonexistent/eventcreate.exe', args: [] }) });
  const base: Logger = { ...silentLogger(), error: (m) => void errors.push(m), withTag: () => base };
  const log = withEventLog(base, events).withTag('service');
  log.error('pass failed: EIO');
  log.error('safety stop: too many deletes', { err: new SafetyStop('maxDelete', 'too many deletes') });
  await events.drain(20_000);
  log.error('later');
  await events.drain(20_000);
  assert.equal(failures.length, 1);
  assert.match(failures[0], /eventcreate\.exe failed \(ENOENT\); no more Event Log entries/);
  assert.deepEqual(errors, ['pass failed: EIO', 'safety stop: too many deletes', 'later']);
  assert.deepEqual(kinds, ['error', 'safetyStop'], 'nothing is tried after the failure');
});
