import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_DEFAULTS, windowsCommandLine, type ServiceSpec } from '../../../src/install/spec.js';
import { systemdQuote, systemdUnit, UNIT_NAME } from '../../../src/install/systemd-unit.js';
import { taskXml, utf16le } from '../../../src/install/task-xml.js';
import { winswXml } from '../../../src/install/winsw-xml.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { matchSnapshot, missing, xmllintSchema } from '../../support/tools.js';

const WIN: ServiceSpec = {
  id: 'syncwarden', name: 'syncwarden',
  description: 'syncwarden: two-way sync of C:\\pdrive_local and P:\\ (config C:\\ProgramData\\syncwarden\\office.json5)',
  node: 'C:\\Program Files\\syncwarden\\node.exe',
  script: 'C:\\Program Files\\syncwarden\\bin\\syncwarden',
  configFile: 'C:\\ProgramData\\syncwarden\\office.json5',
  workDir: 'C:\\Program Files\\syncwarden',
  user: 'OFFICE\\anna',
  logDir: 'C:\\ProgramData\\syncwarden\\logs',
  ...SERVICE_DEFAULTS, restartDelaysSec: [...SERVICE_DEFAULTS.restartDelaysSec],
};

const LINUX: ServiceSpec = {
  ...WIN,
  description: 'syncwarden: two-way sync of /srv/office and /mnt/cloud (config /etc/syncwarden/office.json5)',
  node: '/opt/syncwarden/node_modules/node/bin/node', script: '/opt/syncwarden/bin/syncwarden',
  configFile: '/etc/syncwarden/office 2026.json5', workDir: '/opt/syncwarden', user: 'anna', logDir: '/var/log/syncwarden',
};

function snapshot(name: string, text: string): void {
  const { ok, expected } = matchSnapshot(name, text);
  assert.ok(ok, `snapshot test/snapshots/${name} differs (or was new): review, then UPDATE_SNAPSHOTS=1`);
  assert.equal(text, expected);
}

function withFile<T>(name: string, data: string | Buffer, fn: (file: string) => T): T {
  const dir = makeTmp('sw-writers-');
  try {
    const file = join(dir, name);
    writeFileSync(file, data);
    return fn(file);
  } finally {
    removeTmp(dir);
  }
}

test('winswXml: snapshot of the WinSW 2.11 service definition (node.exe direct, run --config, restarts, stop timeout, logs, account)', () => {
  snapshot('install/winsw.xml', winswXml(WIN));
});

test('winswXml: LocalSystem is written as its bare user name, a password only when given, and text is escaped', () => {
  const system = winswXml({ ...WIN, user: 'LocalSystem' });
  assert.match(system, /<serviceaccount>\n\s+<user>LocalSystem<\/user>\n\s+<\/serviceaccount>/);
  assert.doesNotMatch(winswXml(WIN), /<password>/);
  assert.match(winswXml(WIN, { password: 'p<&>"' }), /<password>p&lt;&amp;&gt;"<\/password>/);
});

test('winswXml validates against the WinSW 2.11 schema of test/schemas; an unknown element and a bad duration do not', { skip: missing('xmllint', 'libxml2-utils') }, () => {
  for (const xml of [winswXml(WIN), winswXml({ ...WIN, user: 'LocalSystem' }), winswXml(WIN, { password: 'secret' })]) {
    const r = withFile('syncwarden-service.xml', xml, (f) => xmllintSchema(f, 'winsw-2.11-subset.xsd'));
    assert.equal(r.code, 0, r.output);
  }
  const broken = [winswXml(WIN).replace('<stoptimeout>30 sec', '<stoptimeout>30 seconds'), winswXml(WIN).replace('<logpath>', '<logdir>').replace('</logpath>', '</logdir>')];
  for (const xml of broken) assert.notEqual(withFile('bad.xml', xml, (f) => xmllintSchema(f, 'winsw-2.11-subset.xsd')).code, 0);
});

test('taskXml: snapshot of the per-user logon task (InteractiveToken, no time limit, restart, keep-alive repetition)', () => {
  snapshot('install/task.xml', taskXml(WIN));
});

test('taskXml, as the UTF-16 bytes install writes, validates against the Task Scheduler schema subset; a wrong value does not', { skip: missing('xmllint', 'libxml2-utils') }, () => {
  const r = withFile('syncwarden-task.xml', utf16le(taskXml(WIN)), (f) => xmllintSchema(f, 'task-scheduler-subset.xsd'));
  assert.equal(r.code, 0, r.output);
  const bad = [
    taskXml(WIN).replace('<LogonType>InteractiveToken', '<LogonType>Interactive'),
    taskXml(WIN).replace('<Interval>PT5M', '<Interval>PT30S'),
    taskXml(WIN).replace('<ExecutionTimeLimit>', '<ExecutionTimeLimits>').replace('</ExecutionTimeLimit>', '</ExecutionTimeLimits>'),
  ];
  for (const xml of bad) assert.notEqual(withFile('bad.xml', utf16le(xml), (f) => xmllintSchema(f, 'task-scheduler-subset.xsd')).code, 0);
});

test('systemdUnit: snapshot; quoting of a path with a space, % and $', () => {
  snapshot('install/syncwarden.service', systemdUnit(LINUX));
  assert.equal(systemdQuote('/a b/%i$x'), '"/a b/%%i$$x"');
  assert.equal(systemdQuote('/opt/x'), '/opt/x');
});

test('windowsCommandLine quotes paths with spaces and escapes quotes and trailing backslashes the Windows way', () => {
  assert.equal(windowsCommandLine(['C:\\Program Files\\x', 'run', '--config', 'C:\\a b\\c.json5']), '"C:\\Program Files\\x" run --config "C:\\a b\\c.json5"');
  assert.equal(windowsCommandLine(['a"b', 'C:\\dir with space\\', '']), '"a\\"b" "C:\\dir with space\\\\" ""');
});

test('systemd-analyze verify accepts the unit (real files for its ExecStart and WorkingDirectory)', { skip: missing('systemd-analyze', 'systemd') }, () => {
  const dir = makeTmp('sw-unit-');
  try {
    const work = join(dir, 'opt syncwarden');
    mkdirSync(join(work, 'bin'), { recursive: true });
    writeFileSync(join(work, 'bin', 'syncwarden'), '');
    const unit = systemdUnit({ ...LINUX, node: process.execPath, script: join(work, 'bin', 'syncwarden'), workDir: work, configFile: join(dir, 'c.json5'), user: 'root' });
    const file = join(dir, UNIT_NAME);
    writeFileSync(file, unit);
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
    // Offline, verify may still warn about this machine's own units; only lines about ours count.
    const ours = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes(UNIT_NAME));
    assert.deepEqual(ours, [], ours.join('\n'));
    const broken = join(dir, 'broken.service');
    writeFileSync(broken, unit.replace('Restart=on-failure', 'Restart=sometimes').replace('ExecStart=', 'ExecStart=relative/'));
    const b = spawnSync('systemd-analyze', ['verify', '--man=no', broken], { encoding: 'utf8' });
    assert.match(`${b.stdout}${b.stderr}`, /broken\.service/, 'verify must complain about a broken unit');
  } finally {
    removeTmp(dir);
  }
});
