import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = '.syncwarden-installed';

/**
 * installLocked installs the package.json and package-lock.json of folder `from` into `dest` with
 * `npm ci` and `flags`, unless `dest` already holds exactly that install (same files, same flags).
 * `--os=win32 --cpu=x64` make npm pick the Windows builds of optional packages, whatever OS packages.
 */
export function installLocked(from: string, dest: string, flags: readonly string[]): void {
  const files = ['package.json', 'package-lock.json'];
  const digest = createHash('sha256');
  for (const f of files) digest.update(readFileSync(join(from, f)));
  const want = digest.update(flags.join(' ')).digest('hex');
  const marker = join(dest, MARKER);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want && existsSync(join(dest, 'node_modules'))) return;
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const f of files) copyFileSync(join(from, f), join(dest, f));
  npm(['ci', '--prefix', dest, '--ignore-scripts', '--no-audit', '--no-fund', ...flags], dest);
  writeFileSync(marker, want);
}

// npm runs as `node npm-cli.js`, the npm that started this script, so no OS-specific shim (npm.cmd) is
// involved. The settings npm passes to scripts point at this project: the child must find its own.
function npm(args: string[], cwd: string): void {
  const cli = process.env.npm_execpath;
  if (!cli || !/npm/i.test(cli)) throw new Error('run this through npm (npm run package:win): it uses npm to fetch the Windows node.exe and WinSW');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PARENT_ONLY.test(k)));
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (${r.error?.message ?? `exit ${r.status}`})`);
}

const PARENT_ONLY = /^npm_(package_|lifecycle_|command$|config_(local_prefix|prefix|global_prefix)$)/i;
