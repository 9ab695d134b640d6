/**
 * ServiceSpec is everything a service definition says, whatever its format (WinSW XML, Task Scheduler
 * XML, systemd unit): plain data, so the writers are pure and snapshot-tested on any OS.
 */
export interface ServiceSpec {
  /** Service / task / unit name (`syncwarden`). */
  id: string;
  /** Display name in the Services console. */
  name: string;
  description: string;
  /** The Node executable started directly (one process to stop and watch; no launcher in between). */
  node: string;
  /** bin/syncwarden of the installed package. */
  script: string;
  /** Absolute config file the service runs with. */
  configFile: string;
  /** Install folder: working directory of the process. */
  workDir: string;
  /** The account it runs as (`DOMAIN\user`, `.\user`, `LocalSystem`, a Linux user name). */
  user: string;
  /** Folder for the wrapper's own stdout/stderr logs (the config's log.dir). */
  logDir: string;
  /** How long a stop may take before the process is killed (a pass is cut short, then the lock released). */
  stopTimeoutSec: number;
  /** Delays before the first, second, third… restart after a crash; the last one repeats. */
  restartDelaysSec: number[];
  /** Failures are counted over this window, then forgotten. */
  resetFailuresAfterSec: number;
}

/** SERVICE_DEFAULTS are the timings every format shares; SERVICE_ID names the service, task and unit. */
export const SERVICE_ID = 'syncwarden';
export const SERVICE_DEFAULTS = { stopTimeoutSec: 30, restartDelaysSec: [10, 30, 60], resetFailuresAfterSec: 3600 } as const;

/**
 * SERVICE_NODE_FLAGS are Node's options for the installed service. A 2 MB young generation instead of V8's
 * default of up to 16 MB per semi-space: the service allocates in short bursts (a pass) and idles between, and
 * at 90,000 files per side this took its RSS from 367 to 337 MiB idle and its peak from 395 to 356 MiB, with
 * no more CPU for the first full pass (README, Running as a service).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** runArgs is the command line after the executable: Node's flags, the script, then `run --config FILE`. */
export function runArgs(spec: Pick<ServiceSpec, 'script' | 'configFile'>): string[] {
  return [...SERVICE_NODE_FLAGS, spec.script, 'run', '--config', spec.configFile];
}

/** isLocalSystem reports whether a Windows account name is the LocalSystem account (however it is spelled). */
export function isLocalSystem(user: string): boolean {
  return /^(localsystem|(nt authority\\)?system|\.\\localsystem)$/i.test(user.trim());
}

/** splitAccount splits `DOMAIN\user` (or `user@domain`, or `user`) into the domain ('.' for this machine) and the user. */
export function splitAccount(account: string): { domain: string; user: string } {
  const slash = account.indexOf('\\');
  if (slash >= 0) return { domain: account.slice(0, slash) || '.', user: account.slice(slash + 1) };
  const at = account.lastIndexOf('@');
  if (at > 0) return { domain: account.slice(at + 1), user: account.slice(0, at) };
  return { domain: '.', user: account };
}

/** windowsCommandLine joins arguments the way Windows programs split them (CommandLineToArgvW): quotes where needed. */
export function windowsCommandLine(args: readonly string[]): string {
  return args.map(quoteWindowsArg).join(' ');
}

function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  // Backslashes are literal except before a quote: double those, and the ones before the closing quote.
  const escaped = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1');
  return `"${escaped}"`;
}
