import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UNIT_NAME } from '../../src/install/systemd-unit.js';
import { cli } from '../support/cli.js';
import { withWorld } from '../support/doctor-world.js';
import { missing } from '../support/tools.js';

const SYSTEMD = '/lib/systemd/systemd';

/**
 * skipReason: this machine has no systemd as PID 1, so the test runs a real systemd *user* manager
 * (the same service manager, without being init) in a private mount namespace where /run/systemd/system
 * exists, and drives the generated unit with systemctl --user. It needs root, the systemd package and a
 * `run` command (the service loop).
 */
function skipReason(): string | false {
  if (process.platform !== 'linux') return 'Linux only';
  if (process.getuid?.() !== 0) return 'needs root (a private mount namespace for the user manager)';
  if (!existsSync(SYSTEMD)) return `${SYSTEMD} is not installed (Debian package systemd)`;
  const absent = missing('unshare', 'util-linux') || missing('systemctl', 'systemd');
  if (absent) return absent;
  if (!/^\s+run\b/m.test(cli(['--help']).stdout)) return 'syncwarden run (the service loop) is not on this branch yet';
  return false;
}

interface Manager {
  env: NodeJS.ProcessEnv;
  child: ChildProcess;
  units: string;
}

async function startManager(dir: string): Promise<Manager> {
  const runtime = join(dir, 'runtime');
  const config = join(dir, 'xdg-config');
  mkdirSync(runtime, { mode: 0o700 });
  const units = join(config, 'systemd', 'user');
  mkdirSync(units, { recursive: true });
  const env = { ...process.env, XDG_RUNTIME_DIR: runtime, XDG_CONFIG_HOME: config };
  // The tmpfs over /run/systemd exists only in the manager's namespace: the machine itself is untouched.
  const script = `mount -t tmpfs tmpfs /run/systemd && mkdir -p /run/systemd/system && exec ${SYSTEMD} --user`;
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { env, stdio: 'ignore' });
  const manager = { env, child, units };
  await until(() => systemctl(manager, ['is-system-running']).stdout.trim() !== '', 'the user manager to answer');
  return manager;
}

function systemctl(m: Manager, args: string[]): { code: number | null; stdout: string } {
  const r = spawnSync('systemctl', ['--user', ...args], { env: m.env, encoding: 'utf8' });
  return { code: r.status, stdout: `${r.stdout}${r.stderr}` };
}

function show(m: Manager): Record<string, string> {
  const out = systemctl(m, ['show', '-p', 'ActiveState,SubState,MainPID,NRestarts,Result', UNIT_NAME]).stdout;
  return Object.fromEntries(out.trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
}

async function until(done: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function running(m: Manager, notPid = '0'): Promise<string> {
  await until(() => { const s = show(m); return s.ActiveState === 'active' && s.MainPID !== '0' && s.MainPID !== notPid; }, `a running ${UNIT_NAME} (${JSON.stringify(show(m))})`);
  return show(m).MainPID;
}

test('systemd: the installed unit starts syncwarden run, syncs, restarts, comes back after kill -9, and stops cleanly', { skip: skipReason(), timeout: 120_000 }, async () => {
  await withWorld('sw-systemd-', async (w) => {
    const m = await startManager(w.dir);
    try {
      const install = cli(['service', 'install', '--dest', m.units, '--user', 'root', '--config', w.config]);
      assert.equal(install.code, 0, install.stdout + install.stderr);
      // Only the restart delay is shortened for the test, by a drop-in: the unit itself is as generated.
      mkdirSync(join(m.units, `${UNIT_NAME}.d`));
      writeFileSync(join(m.units, `${UNIT_NAME}.d`, 'test.conf'), '[Service]\nRestartSec=1s\n');
      // A manager that has just started to answer may still refuse a reload for a moment (seen under load).
      await until(() => systemctl(m, ['daemon-reload']).code === 0, 'daemon-reload to succeed');
      assert.equal(systemctl(m, ['start', UNIT_NAME]).code, 0);
      const first = await running(m);
      const cmdline = readFileSync(`/proc/${first}/cmdline`, 'utf8').split('\0');
      assert.deepEqual(cmdline.slice(0, 1), [process.execPath], 'node itself is the main process: no launcher in between');
      assert.deepEqual(cmdline.slice(1, 2), ['--max-semi-space-size=2'], 'with the Node flags service install writes');
      assert.deepEqual(cmdline.slice(3, 6), ['run', '--config', w.config]);
      await until(() => existsSync(join(w.right, 'sub', 'b.txt')), 'the service to copy left to right');

      assert.equal(systemctl(m, ['restart', UNIT_NAME]).code, 0);
      const second = await running(m, first);
      assert.notEqual(second, first);

      process.kill(Number(second), 'SIGKILL');
      const third = await running(m, second);
      assert.ok(Number(show(m).NRestarts) >= 1, JSON.stringify(show(m)));
      writeFileSync(join(w.left, 'after-restart.txt'), 'x');
      await until(() => existsSync(join(w.right, 'after-restart.txt')), 'the restarted service to sync a new file');

      assert.equal(systemctl(m, ['stop', UNIT_NAME]).code, 0);
      const stopped = show(m);
      assert.equal(stopped.ActiveState, 'inactive', `a stop is clean (SuccessExitStatus): ${JSON.stringify(stopped)}`);
      assert.equal(existsSync(`/proc/${third}`), false);
      assert.equal(existsSync(join(w.dir, 'state', 'state.lock')), false, 'the state lock is released');
    } finally {
      m.child.kill('SIGTERM');
      await new Promise((resolve) => (m.child.exitCode !== null ? resolve(null) : m.child.once('exit', resolve)));
    }
  });
});
