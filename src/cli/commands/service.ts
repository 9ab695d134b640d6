import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { renderChecklist } from '../../doctor/format.js';
import { failed } from '../../doctor/types.js';
import { InputError, type FieldError } from '../../model/errors.js';
import { defaultAccount, hereInstall, serviceSpec } from '../../install/build-spec.js';
import { checkRootsAs } from '../../install/identity-check.js';
import { installUnit, uninstallUnit, type Say } from '../../install/install-linux.js';
import { installTask, installWinsw, PASSWORD_ENV, uninstallTask, uninstallWinsw } from '../../install/install-windows.js';
import { isLocalSystem, SERVICE_ID, type ServiceSpec } from '../../install/spec.js';
import { systemdUnit } from '../../install/systemd-unit.js';
import { taskXml } from '../../install/task-xml.js';
import { WINSW, winswXml } from '../../install/winsw-xml.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';

type Action = 'install' | 'uninstall' | 'print';
type Mode = 'service' | 'task';

/**
 * serviceCommand prints, installs or uninstalls syncwarden as a service: WinSW or a logon task on
 * Windows, a systemd unit on Linux. An install first lists both roots as the service's account and
 * refuses, with the reason, when it cannot.
 */
export async function serviceCommand(ctx: CliContext): Promise<number> {
  const { action, mode } = parse(ctx);
  const platform = process.platform;
  if (mode === 'task' && platform !== 'win32' && action !== 'print') usage('--mode', 'service on Linux (task mode is a Windows Task Scheduler task; the systemd unit is the Linux service)', 'task');
  const say: Say = (line) => ctx.out(`${line}\n`);
  const dest = typeof ctx.options.dest === 'string' ? ctx.options.dest : undefined;
  if (action === 'uninstall') return uninstall(platform, mode, dest, ctx, say);
  const config = loadConfig(ctx.configFile);
  const account = typeof ctx.options.user === 'string' ? ctx.options.user : defaultAccount(platform);
  const where = hereInstall();
  const spec = serviceSpec(config, account, where);
  if (action === 'print') {
    ctx.out(definition(spec, platform, mode));
    return EXIT.ok;
  }
  if (platform !== 'win32' && dest === undefined && process.getuid?.() !== 0) {
    usage('--dest', 'root (sudo) to write /etc/systemd/system, or --dest DIR to write the unit elsewhere', 'not root');
  }
  // What install needs beyond the roots is asked for first, so a refusal never follows a long check.
  const winsw = platform === 'win32' && mode === 'service' ? { exe: winswExe(ctx, spec.workDir), password: password(account) } : null;
  for (const note of accountNotes(platform, mode, account)) say(`note: ${note}`);
  const check = checkRootsAs(config, account, where, platform);
  if (check.caveat) say(`note: ${check.caveat}`);
  if (failed(check.results)) {
    ctx.out(renderChecklist(check.results));
    process.stderr.write(`service install refused: ${account} cannot list both roots (see above); nothing was installed\n`);
    return EXIT.actionsFailed;
  }
  for (const r of check.results) say(`✓ ${r.title}: ${r.detail}`);
  if (platform !== 'win32') return installUnit(systemdUnit(spec), dest, say);
  if (winsw) return installWinsw(spec, winsw.exe, winsw.password, say);
  return installTask(spec, dest, say);
}

function definition(spec: ServiceSpec, platform: NodeJS.Platform, mode: Mode): string {
  if (mode === 'task') return taskXml(spec);
  return platform === 'win32' ? winswXml(spec) : systemdUnit(spec);
}

function uninstall(platform: NodeJS.Platform, mode: Mode, dest: string | undefined, ctx: CliContext, say: Say): number {
  if (platform !== 'win32') return uninstallUnit(dest, say);
  const where = hereInstall();
  if (mode === 'task') return uninstallTask(SERVICE_ID, where.workDir, say);
  return uninstallWinsw(winswExe(ctx, where.workDir), say);
}

/** accountNotes says, at install time, what the chosen account will and will not see. */
function accountNotes(platform: NodeJS.Platform, mode: Mode, account: string): string[] {
  if (platform !== 'win32' || mode === 'task') return [];
  if (isLocalSystem(account)) {
    return ['LocalSystem does not see a drive letter mounted in a user\'s session (pCloud P:, mapped network drives): with a root there, run the service as that user (--user) or use --mode task'];
  }
  return [`a service logs on in a session of its own, even as ${account}: a drive that exists only while ${account} is logged on at the desktop may be missing for it; if the service reports the root missing, use --mode task`];
}

function winswExe(ctx: CliContext, workDir: string): string {
  const exe = typeof ctx.options.winsw === 'string' ? ctx.options.winsw : join(workDir, WINSW.exeName);
  if (!existsSync(exe)) {
    usage('--winsw', `the WinSW ${WINSW.version} executable (the Windows package from npm run package:win ships it as ${WINSW.exeName})`, `nothing at ${exe}`);
  }
  return exe;
}

function password(account: string): string | undefined {
  if (isLocalSystem(account) || /^nt authority\\/i.test(account) || account.endsWith('$')) return undefined;
  const value = process.env[PASSWORD_ENV];
  if (!value) {
    usage(PASSWORD_ENV, `the password of ${account} in this environment variable (PowerShell: $env:${PASSWORD_ENV} = (Get-Credential ${account}).GetNetworkCredential().Password)`, 'not set');
  }
  return value;
}

function parse(ctx: CliContext): { action: Action; mode: Mode } {
  const action = ctx.args[0];
  const mode = String(ctx.options.mode ?? 'service');
  const errors: FieldError[] = [];
  if (action !== 'install' && action !== 'uninstall' && action !== 'print') errors.push({ file: '(command line)', field: 'service <action>', expected: 'install, uninstall or print', found: String(action) });
  if (mode !== 'service' && mode !== 'task') errors.push({ file: '(command line)', field: '--mode', expected: 'service or task', found: mode });
  if (errors.length) throw new InputError(errors);
  return { action: action as Action, mode: mode as Mode };
}

function usage(field: string, expected: string, found: string): never {
  throw new InputError([{ file: '(command line)', field, expected, found }]);
}
