import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';
import { cli } from '../support/cli.js';
import { asUser, line, openToAll, withWorld } from '../support/doctor-world.js';
import { cliAsync, closedPort, startSmtp } from '../support/smtp.js';
import { missing } from '../support/tools.js';

const notRoot = process.getuid?.() !== 0 ? 'needs root (runuser / a private mount namespace)' : false;

test('doctor: a sound setup passes every check, each on its own ✓ line (exit 0)', async () => {
  await withWorld('sw-doctor-ok-', (w) => {
    writeFileSync(join(w.right, 'r.txt'), 'r');
    const r = cli(['doctor', '--config', w.config]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const title of ['config valid', 'policies total', 'left root listable', 'right root listable', 'left root holds', 'right root holds',
      'state folder writable', 'clock not behind', 'a file written now in the state folder', 'paths under 260', 'free space on the left root', 'free space on the right root']) {
      assert.match(line(r.stdout, title), /^✓ /, `${title}:\n${r.stdout}`);
    }
    if (process.platform === 'linux') assert.match(line(r.stdout, 'inotify watches'), /^✓ .*: 3 folders to watch, fs\.inotify\.max_user_watches = \d+/);
    assert.match(line(r.stdout, 'SMTP server reachable'), /^- .*add --mail/);
    assert.match(r.stdout, /all checks passed/);
  });
});

test('doctor: an invalid config is the one ✗ line, with the field (exit 2)', async () => {
  await withWorld('sw-doctor-config-', (w) => {
    w.writeConfig(`softDelete: { maxSizeMB: 'big' }`);
    const r = cli(['doctor', '--config', w.config]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(line(r.stdout, 'config valid'), /^✗ /);
    assert.match(r.stdout, /softDelete\.maxSizeMB: expected number/);
    assert.match(r.stdout, /fix: correct the fields/);
  });
});

test('doctor: policies that leave cases undecided fail the totality check (exit 1)', async () => {
  await withWorld('sw-doctor-policies-', (w) => {
    mkdirSync(join(w.dir, 'pol'));
    writeFileSync(join(w.dir, 'pol', 'only.json5'), `{ rules: [{ name: 'same', priority: 100, conditions: { all: [{ fact: 'left', operator: 'equal', value: 'unchanged' }] }, event: { type: 'inSync' } }] }`);
    w.writeConfig(`policies: { dir: 'pol' }`);
    const r = cli(['doctor', '--config', w.config]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(line(r.stdout, 'policies total'), /^✗ .*fact combination\(s\) have no winning rule/);
    assert.match(line(r.stdout, 'left root listable'), /^✓ /, 'the other checks still run');
  });
});

test('doctor: a right root that does not exist (drive not mounted) fails with ENOENT and the fix (exit 1)', async () => {
  await withWorld('sw-doctor-missing-', (w) => {
    rmSync(w.right, { recursive: true });
    const r = cli(['doctor', '--config', w.config]);
    assert.equal(r.code, 1);
    assert.match(line(r.stdout, 'right root listable'), /^✗ .*does not exist for this account \(not mounted\?\) \(ENOENT\)/);
    assert.match(r.stdout, /fix: mount the drive, or run syncwarden as the user whose logon session mounts it/);
    assert.equal(line(r.stdout, 'right root holds'), '', 'no listing of a root that cannot be listed');
  });
});

test('doctor: a right root that is empty but held files at the last sync looks unmounted (exit 1)', async () => {
  await withWorld('sw-doctor-empty-', (w) => {
    assert.equal(cli(['sync', '--config', w.config]).code, 0);
    for (const name of readdirSync(w.right)) rmSync(join(w.right, name), { recursive: true });
    const r = cli(['doctor', '--config', w.config]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(line(r.stdout, 'right root holds the synced files'), /^✗ .*is empty but held 2 files at the last sync/);
    assert.match(line(r.stdout, 'left root holds the synced files'), /^✓ .*: 2 files, 1 folders/);
  });
});

test('doctor: a clock behind the last recorded pass fails the clock check (exit 1)', async () => {
  await withWorld('sw-doctor-clock-', (w) => {
    assert.equal(cli(['sync', '--config', w.config]).code, 0);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    writeFileSync(join(w.dir, 'state', 'last-pass.json'), JSON.stringify({ runId: 'x', start: future, end: future, counts: {}, exitCode: 0 }));
    const r = cli(['doctor', '--config', w.config]);
    assert.equal(r.code, 1);
    assert.match(line(r.stdout, 'clock not behind the last recorded pass'), /^✗ .*\d+ s before the last pass ended/);
  });
});

test('doctor: a process clock two days off the file system\'s (faketime) fails the mtime probes', { skip: missing('faketime', 'faketime') }, async () => {
  await withWorld('sw-doctor-skew-', (w) => {
    const r = spawnSync('faketime', ['-f', '-2d', process.execPath, join(projectRoot(), 'bin', 'syncwarden'), 'doctor', '--config', w.config], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(line(r.stdout, 'a file written now in the state folder'), /^✗ .*\+172800 s\).*disagree/);
    assert.match(r.stdout, /fix: synchronise the clocks/);
  });
});

test('doctor: a state folder and a root this account may not write or list fail (run as nobody)', { skip: notRoot || missing('runuser', 'util-linux') }, async () => {
  await withWorld('sw-doctor-nobody-', (w) => {
    openToAll(w.dir);
    mkdirSync(join(w.dir, 'state'), { mode: 0o755 });
    rmSync(w.right, { recursive: true });
    mkdirSync(w.right, { mode: 0o700 });
    const r = asUser('nobody', ['doctor', '--config', w.config]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(line(r.stdout, 'right root listable by nobody'), /^✗ .*this account may not list it \(EACCES\)/);
    assert.match(line(r.stdout, 'state folder writable by nobody'), /^✗ .*EACCES/);
    assert.match(line(r.stdout, 'left root listable by nobody'), /^✓ /);
  });
});

test('doctor --mail: the loopback SMTP server answers (✓); a closed port fails (✗, exit 1)', async () => {
  const smtp = await startSmtp();
  try {
    await withWorld('sw-doctor-mail-', async (w) => {
      const mail = (port: number) => `email: { enabled: true, to: ['admin@example.com'], smtp: { host: '127.0.0.1', port: ${port}, timeoutMs: 2000 } }`;
      w.writeConfig(mail(smtp.port));
      const ok = await cliAsync(['doctor', '--mail', '--only', 'mail', '--config', w.config]);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(line(ok.stdout, `SMTP server 127.0.0.1:${smtp.port} reachable`), /^✓ .*reachable: answered/);
      assert.equal(smtp.received.length, 0, 'doctor sends nothing');
      w.writeConfig(mail(await closedPort()));
      const bad = await cliAsync(['doctor', '--mail', '--only', 'mail', '--config', w.config]);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /^✗ SMTP server 127\.0\.0\.1:\d+ reachable: after \d+ ms: .*ECONNREFUSED/m);
    });
  } finally {
    await smtp.close();
  }
});

test('doctor: a path of 260 characters or more is a warning with the example, not a failure (exit 0)', async () => {
  await withWorld('sw-doctor-long-', (w) => {
    let dir = w.left;
    while (dir.length < 250) dir = join(dir, 'a-rather-long-folder-name');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report-with-a-long-name.docx'), 'x');
    writeFileSync(join(w.right, 'r.txt'), 'r');
    const r = cli(['doctor', '--config', w.config]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(line(r.stdout, 'paths under 260 characters'), /^! .*: \d+ path\(s\) of 260 characters or more: .*report-with-a-long-name\.docx \(\d+\)/);
  });
});

test('doctor: a right root on a 1 MB file system cannot take a temp copy of a 2 MB file (private tmpfs, exit 1)', { skip: notRoot || missing('unshare', 'util-linux') }, async () => {
  await withWorld('sw-doctor-disk-', (w) => {
    writeFileSync(join(w.left, 'big.bin'), Buffer.alloc(2 * 1024 * 1024));
    const bin = join(projectRoot(), 'bin', 'syncwarden');
    // The tmpfs exists only in the child's own mount namespace: nothing is left mounted on this machine.
    const script = `mount -t tmpfs -o size=1m tmpfs "$1" && exec "$2" "$3" doctor --only disk --config "$4"`;
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', w.right, process.execPath, bin, w.config], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(line(r.stdout, 'free space on the right root'), /^✗ .*: 1\.0 MB free on .*the largest file to copy there is 2\.0 MB/);
    assert.match(line(r.stdout, 'free space on the left root'), /^✓ /);
  });
});

test('doctor --only with an unknown check is a usage error naming the choices (exit 2)', () => {
  const r = cli(['doctor', '--only', 'roots,bogus']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--only: expected a comma-separated list of policies, roots, mounted/);
});
