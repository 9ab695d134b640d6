import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_UNIT_DIR, UNIT_NAME } from './systemd-unit.js';

/** Say reports one thing an install did, or leaves to the admin, in a sentence. */
export type Say = (line: string) => void;

/** systemdRunning reports whether systemd is this machine's init (sd_booted: /run/systemd/system exists). */
export function systemdRunning(): boolean {
  return existsSync('/run/systemd/system');
}

/**
 * installUnit writes the unit into `dest` (default /etc/systemd/system); into the system folder with systemd
 * running, it also reloads, enables and (re)starts it, so an upgrade is one command too.
 */
export function installUnit(unit: string, dest: string | undefined, say: Say): number {
  const dir = dest ?? SYSTEM_UNIT_DIR;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, UNIT_NAME);
  writeFileSync(file, unit);
  say(`wrote ${file}`);
  if (dest !== undefined) {
    say('registered nothing (--dest): the unit is in the folder you chose');
    return 0;
  }
  if (!systemdRunning()) {
    say('systemd is not running on this machine (no /run/systemd/system): start syncwarden with your init system, or on a systemd machine run: systemctl daemon-reload && systemctl enable --now syncwarden');
    return 0;
  }
  return systemctl(['daemon-reload'], say) || systemctl(['enable', UNIT_NAME], say) || systemctl(['restart', UNIT_NAME], say);
}

/** uninstallUnit stops and disables the unit (system folder with systemd running), then removes its file. */
export function uninstallUnit(dest: string | undefined, say: Say): number {
  const file = join(dest ?? SYSTEM_UNIT_DIR, UNIT_NAME);
  const managed = dest === undefined && systemdRunning();
  if (managed && existsSync(file)) {
    const code = systemctl(['disable', '--now', UNIT_NAME], say);
    if (code) return code;
  }
  if (existsSync(file)) {
    rmSync(file);
    say(`removed ${file}`);
  } else {
    say(`nothing to remove: ${file} does not exist`);
  }
  return managed ? systemctl(['daemon-reload'], say) : 0;
}

function systemctl(args: string[], say: Say): number {
  const run = spawnSync('systemctl', args, { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    say(`systemctl ${args.join(' ')} failed: ${run.error?.message ?? `${run.stderr}`.trim()}`);
    return 1;
  }
  say(`systemctl ${args.join(' ')}`);
  return 0;
}
