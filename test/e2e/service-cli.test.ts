import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';
import { UNIT_NAME } from '../../src/install/systemd-unit.js';
import { utf16le } from '../../src/install/task-xml.js';
import { cli } from '../support/cli.js';
import { asUser, openToAll, withWorld } from '../support/doctor-world.js';
import { missing, xmllintSchema } from '../support/tools.js';

const linux = process.platform === 'linux' ? false : 'the systemd unit is the Linux service';
const notRoot = process.getuid?.() !== 0 ? 'needs root (runuser)' : false;

test('service print: the unit starts this Node directly on bin/syncwarden run --config <absolute config>', { skip: linux }, async () => {
  await withWorld('sw-service-print-', (w) => {
    const r = cli(['service', 'print', '--user', 'anna', '--config', w.config]);
    assert.equal(r.code, 0, r.stderr);
    const exec = r.stdout.split('\n').find((l) => l.startsWith('ExecStart='));
    assert.equal(exec, `ExecStart=${process.execPath} --max-semi-space-size=2 ${join(projectRoot(), 'bin', 'syncwarden')} run --config ${w.config}`);
    assert.match(r.stdout, /^User=anna$/m);
  });
});

test('service print --mode task: the task XML, as install would write it, validates against the Task Scheduler schema subset', { skip: missing('xmllint', 'libxml2-utils') }, async () => {
  await withWorld('sw-service-task-', (w) => {
    const r = cli(['service', 'print', '--mode', 'task', '--user', 'OFFICE\\anna', '--config', w.config]);
    assert.equal(r.code, 0, r.stderr);
    const file = join(w.dir, 'task.xml');
    writeFileSync(file, utf16le(r.stdout));
    const v = xmllintSchema(file, 'task-scheduler-subset.xsd');
    assert.equal(v.code, 0, v.output);
  });
});

test('service install --dest writes the unit (exactly what print shows), registers nothing; uninstall --dest removes it', { skip: linux }, async () => {
  await withWorld('sw-service-install-', (w) => {
    const dest = join(w.dir, 'units');
    const me = process.env.SUDO_USER || (process.getuid?.() === 0 ? 'root' : undefined);
    const user = me ? ['--user', me] : [];
    const printed = cli(['service', 'print', ...user, '--config', w.config]).stdout;
    const r = cli(['service', 'install', '--dest', dest, ...user, '--config', w.config]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ left root listable by .*\n✓ right root listable by /);
    assert.match(r.stdout, /registered nothing \(--dest\)/);
    assert.equal(readFileSync(join(dest, UNIT_NAME), 'utf8'), printed);
    const u = cli(['service', 'uninstall', '--dest', dest]);
    assert.equal(u.code, 0, u.stdout + u.stderr);
    assert.equal(existsSync(join(dest, UNIT_NAME)), false);
  });
});

test('service install refuses, with the reason, when a root cannot be listed; nothing is written (exit 1)', { skip: linux }, async () => {
  await withWorld('sw-service-refuse-', (w) => {
    rmSync(w.right, { recursive: true });
    const dest = join(w.dir, 'units');
    const r = cli(['service', 'install', '--dest', dest, '--config', w.config]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^✗ right root listable by .*does not exist for this account \(not mounted\?\) \(ENOENT\)/m);
    assert.match(r.stderr, /service install refused: .* cannot list both roots/);
    assert.equal(existsSync(join(dest, UNIT_NAME)), false);
  });
});

test('service install --user nobody lists the roots as nobody: a root only root may read is refused, an open one installs', { skip: linux || notRoot || missing('runuser', 'util-linux') }, async () => {
  await withWorld('sw-service-nobody-', (w) => {
    openToAll(w.dir);
    rmSync(w.left, { recursive: true });
    mkdirSync(w.left, { mode: 0o700 });
    const dest = join(w.dir, 'units');
    const refused = cli(['service', 'install', '--user', 'nobody', '--dest', dest, '--config', w.config]);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /^✗ left root listable by nobody: .*this account may not list it \(EACCES\)/m);
    assert.equal(existsSync(join(dest, UNIT_NAME)), false);
    rmSync(w.left, { recursive: true });
    mkdirSync(w.left, { mode: 0o755 });
    const ok = cli(['service', 'install', '--user', 'nobody', '--dest', dest, '--config', w.config]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(readFileSync(join(dest, UNIT_NAME), 'utf8'), /^User=nobody$/m);
  });
});

test('service install without root and without --dest is a usage error; --mode task on Linux too (exit 2)', { skip: linux || notRoot || missing('runuser', 'util-linux') }, async () => {
  await withWorld('sw-service-usage-', (w) => {
    openToAll(w.dir);
    const r = asUser('nobody', ['service', 'install', '--config', w.config]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /--dest: expected root \(sudo\) to write \/etc\/systemd\/system, or --dest DIR/);
    const task = cli(['service', 'install', '--mode', 'task', '--config', w.config]);
    assert.equal(task.code, 2);
    assert.match(task.stderr, /--mode: expected service on Linux \(task mode is a Windows Task Scheduler task/);
  });
});
