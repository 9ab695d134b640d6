import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** Run is what one Windows program printed under Wine, and its exit code. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Wine runs Windows programs in a prefix of its own; close() stops its wineserver and removes the prefix. */
export interface Wine {
  /** How long creating the prefix took, in seconds. */
  bootSeconds: number;
  run(exe: string, args: readonly string[], cwd?: string): Run;
  close(): void;
}

/** winPath names a Linux path as a Windows program under Wine sees it (drive Z: is `/`). */
export function winPath(linux: string): string {
  return `Z:${linux.replaceAll('/', '\\')}`;
}

/** findWine finds Debian's wine64 loader (or SYNCWARDEN_WINE_BIN), or explains how to install it. */
export function findWine(): string {
  const named = process.env.SYNCWARDEN_WINE_BIN;
  if (named) return named;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const candidate of [...dirs.map((d) => join(d, 'wine64')), '/usr/lib/wine/wine64', ...dirs.map((d) => join(d, 'wine'))]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('wine64 is not installed: apt-get install -y wine64 (the Wine lane needs it; npm test does not)');
}

/** startWine creates a fresh prefix under the temp dir; close() ends whatever Wine left running in it. */
export function startWine(): Wine {
  const loader = findWine();
  const prefix = mkdtempSync(join(tmpdir(), 'syncwarden-wine-'));
  // No Mono or Gecko prompts; no debug chatter; Node 22 refuses "unsupported" Windows builds without the skip.
  const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', NODE_SKIP_PLATFORM_CHECK: '1', NO_COLOR: '1' };
  const server = wineserver(loader);
  const run = (exe: string, args: readonly string[], cwd?: string): Run => toFiles(loader, [exe, ...args], env, prefix, cwd);
  const t0 = performance.now();
  const boot = run('wineboot', ['--init']);
  if (boot.code !== 0) throw new Error(`wineboot failed (exit ${boot.code}): ${boot.stderr}`);
  const bootSeconds = (performance.now() - t0) / 1000;
  return {
    bootSeconds,
    run,
    close() {
      if (server) spawnSync(server, ['-k'], { env, stdio: 'ignore' });
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

function wineserver(loader: string): string | undefined {
  const dirs = [dirname(loader), ...(process.env.PATH ?? '').split(delimiter)];
  for (const name of ['wineserver64', 'wineserver']) {
    for (const dir of dirs) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

// Node under Wine cannot use a pipe as stdout (opening it fails with EBADF): output goes to files, read back after.
function toFiles(loader: string, args: string[], env: NodeJS.ProcessEnv, prefix: string, cwd?: string): Run {
  const dir = mkdtempSync(join(prefix, 'run-'));
  const out = openSync(join(dir, 'stdout'), 'w');
  const err = openSync(join(dir, 'stderr'), 'w');
  try {
    const r = spawnSync(loader, args, { cwd, env, stdio: ['ignore', out, err], timeout: 20 * 60_000 });
    if (r.error) throw r.error;
    return { code: r.status, stdout: readFileSync(join(dir, 'stdout'), 'utf8'), stderr: readFileSync(join(dir, 'stderr'), 'utf8') };
  } finally {
    closeSync(out);
    closeSync(err);
    rmSync(dir, { recursive: true, force: true });
  }
}
