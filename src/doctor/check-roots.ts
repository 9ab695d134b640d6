import { opendirSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Config } from '../config/config.js';
import { SIDES, type Side } from '../model/side.js';
import { result, type CheckResult } from './types.js';

/** identity names the account this process runs as (`DOMAIN\user` on Windows), for messages about access. */
export function identity(env: NodeJS.ProcessEnv = process.env): string {
  const name = userInfo().username;
  return process.platform === 'win32' && env.USERDOMAIN ? `${env.USERDOMAIN}\\${name}` : name;
}

/** checkRootsListable opens each root and reads one entry, as this account: what a pass does first. */
export function checkRootsListable(config: Pick<Config, 'left' | 'right'>): CheckResult[] {
  return SIDES.map((side) => listable(side, config[side]));
}

function listable(side: Side, root: string): CheckResult {
  const id = `roots.${side}`;
  const title = `${side} root listable by ${identity()}`;
  try {
    const dir = opendirSync(root);
    try {
      dir.readSync();
    } finally {
      dir.closeSync();
    }
    return result(id, title, 'ok', root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return result(id, title, 'fail', `${root}: ${why(code)} (${code})`, fixFor(code));
  }
}

function why(code: string): string {
  if (code === 'ENOENT') return 'does not exist for this account (not mounted?)';
  if (code === 'ENOTDIR') return 'is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'this account may not list it';
  return 'cannot be listed';
}

function fixFor(code: string): string {
  if (code === 'ENOENT') {
    return 'mount the drive, or run syncwarden as the user whose logon session mounts it: a drive letter mounted in a user session (pCloud P:, a mapped share) does not exist for LocalSystem or for a service logon';
  }
  if (code === 'EACCES' || code === 'EPERM') return 'give this account read and write access to the folder, or run syncwarden as an account that has it';
  return 'point the config at an existing folder';
}
