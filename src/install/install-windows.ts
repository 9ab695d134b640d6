import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Say } from './install-linux.js';
import type { ServiceSpec } from './spec.js';
import { TASK_XML_NAME, taskXml, utf16le } from './task-xml.js';
import { WINSW, winswExeConfig, winswXml } from './winsw-xml.js';

/** PASSWORD_ENV names the variable install reads the service account's password from (never a command-line argument). */
export const PASSWORD_ENV = 'SYNCWARDEN_SERVICE_PASSWORD';

/**
 * installWinsw writes syncwarden-service.xml (and the .exe.config) next to the WinSW executable, registers
 * and starts the service. The password is in the XML only while `install` runs: WinSW reads it then and
 * the file is rewritten without it straight after, whatever happened.
 */
export function installWinsw(spec: ServiceSpec, exe: string, password: string | undefined, say: Say): number {
  const dir = dirname(exe);
  const xml = join(dir, xmlNameFor(exe));
  writeFileSync(`${exe}.config`, winswExeConfig());
  try {
    writeFileSync(xml, winswXml(spec, password === undefined ? {} : { password }));
    const code = run(exe, ['install'], say);
    if (code) return code;
  } finally {
    writeFileSync(xml, winswXml(spec));
  }
  say(`wrote ${xml} (no password kept in it)`);
  return run(exe, ['start'], say);
}

/** uninstallWinsw stops and removes the service; its XML stays for a later install. */
export function uninstallWinsw(exe: string, say: Say): number {
  run(exe, ['stop'], say);
  return run(exe, ['uninstall'], say);
}

/** installTask registers the per-user logon task from its XML (UTF-16, as schtasks expects) and starts it now. */
export function installTask(spec: ServiceSpec, dest: string | undefined, say: Say): number {
  const dir = dest ?? spec.workDir;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, TASK_XML_NAME);
  writeFileSync(file, utf16le(taskXml(spec)));
  say(`wrote ${file}`);
  if (dest !== undefined) return 0;
  return run('schtasks', ['/Create', '/TN', spec.id, '/XML', file, '/F'], say) || run('schtasks', ['/Run', '/TN', spec.id], say);
}

/** uninstallTask ends the running task, deletes it, and removes the XML install wrote in `workDir`. */
export function uninstallTask(id: string, workDir: string, say: Say): number {
  run('schtasks', ['/End', '/TN', id], say);
  const code = run('schtasks', ['/Delete', '/TN', id, '/F'], say);
  const file = join(workDir, TASK_XML_NAME);
  if (existsSync(file)) rmSync(file);
  return code;
}

/** xmlNameFor is the XML WinSW reads for an executable: the same base name, .xml. */
export function xmlNameFor(exe: string): string {
  const base = exe.split(/[\\/]/).pop() ?? WINSW.exeName;
  return base.replace(/\.exe$/i, '') + '.xml';
}

function run(command: string, args: string[], say: Say): number {
  const r = spawnSync(command, args, { encoding: 'utf8', windowsHide: true });
  const said = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error || r.status !== 0) {
    say(`${command} ${args.join(' ')} failed (exit ${r.status ?? (r.error as NodeJS.ErrnoException).code}): ${said || r.error?.message}`);
    return 1;
  }
  say(`${command} ${args.join(' ')}${said ? `: ${said}` : ''}`);
  return 0;
}
