import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { Config } from '../config/config.js';
import { checkRootsListable } from '../doctor/check-roots.js';
import { result, type CheckResult } from '../doctor/types.js';
import { isLocalSystem, splitAccount } from './spec.js';
import type { Where } from './build-spec.js';

/** IdentityCheck is the doctor's root check as run for the account a service will use, and what could not be checked. */
export interface IdentityCheck {
  results: CheckResult[];
  /** Why the check ran as another account than the service's (empty when it ran as that account). */
  caveat: string | null;
}

/**
 * checkRootsAs lists both roots as the service's account: in this process when that is who we are; on
 * Linux as root through runuser (the account's own groups, as systemd gives them); otherwise as us, with
 * a caveat saying so (Windows cannot start a process as another account without its password).
 */
export function checkRootsAs(config: Config, account: string, where: Where, platform: NodeJS.Platform = process.platform): IdentityCheck {
  if (sameAccount(account, platform)) return { results: checkRootsListable(config), caveat: null };
  if (platform !== 'win32' && process.getuid?.() === 0) return { results: childCheck(config, account, where), caveat: null };
  const me = userInfo().username;
  const caveat = platform === 'win32' && isLocalSystem(account)
    ? `checked as ${me}, not as LocalSystem: LocalSystem does not see drive letters mounted in a user's session (pCloud P:, mapped shares), so a root on one will be missing for the service`
    : `checked as ${me}, not as ${account}: log on as ${account} and run syncwarden doctor to be sure`;
  return { results: checkRootsListable(config), caveat };
}

function sameAccount(account: string, platform: NodeJS.Platform): boolean {
  const me = userInfo().username;
  if (platform !== 'win32') return account === me;
  const { domain, user } = splitAccount(account);
  return user.toLowerCase() === me.toLowerCase() && (domain === '.' || domain.toLowerCase() === (process.env.USERDOMAIN ?? '').toLowerCase());
}

function childCheck(config: Config, account: string, where: Where): CheckResult[] {
  const args = ['-u', account, '--', where.node, where.script, 'doctor', '--only', 'roots', '--json', '--config', config.file];
  const run = spawnSync('runuser', args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const title = `roots listable by ${account}`;
  if (run.error) return [result('roots', title, 'fail', `could not start runuser (${(run.error as NodeJS.ErrnoException).code})`, 'install util-linux, or run the install as that user')];
  try {
    return JSON.parse(run.stdout) as CheckResult[];
  } catch {
    const said = `${run.stderr}${run.stdout}`.trim().split('\n').slice(0, 3).join(' ');
    return [result('roots', title, 'fail', `syncwarden could not run as ${account} (exit ${run.status}): ${said}`,
      `give ${account} read access to the install folder and the config file`)];
  }
}
