import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../src/config/project.js';
import type { LockHolder } from '../../src/state/errors.js';
import { LOCK_FILE } from '../../src/state/store.js';
import { processState } from '../../src/state/process-identity.js';
import { makeTmp, removeTmp } from './tmp.js';

/** BIN is the launcher, bin/syncwarden. */
export const BIN = join(projectRoot(), 'bin', 'syncwarden');
// Big enough that its copy outlasts a start and a signal on a fast machine (about 3 s here).
const BIG_BYTES = 256 * 1024 * 1024;

/** LongPass is a config whose first sync copies one big file: a real pass that lasts long enough to be signalled. */
export interface LongPass { dir: string; config: string; lockFile: string; bigFile: string }

/** withLongPass builds a LongPass in a fresh temp folder, runs fn and removes the folder. */
export async function withLongPass(fn: (world: LongPass) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-long-pass-');
  try {
    mkdirSync(join(dir, 'left'));
    mkdirSync(join(dir, 'right'));
    const bigFile = join(dir, 'left', 'big.bin');
    // Sparse: reading it costs nothing, writing the copy takes the time.
    const fd = openSync(bigFile, 'w');
    ftruncateSync(fd, BIG_BYTES);
    closeSync(fd);
    const config = join(dir, 'config.json5');
    writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' } }`);
    await fn({ dir, config, lockFile: join(dir, 'state', LOCK_FILE), bigFile });
  } finally {
    removeTmp(dir);
  }
}

/** Running is a started CLI process, what it wrote, and how it ended. */
export interface Running { proc: ChildProcess; output(): string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }

/** startSync starts `<node> bin/syncwarden sync --config FILE` without waiting for it. */
export function startSync(node: string, config: string): Running {
  const proc = spawn(node, [BIN, 'sync', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { proc, output: () => out, exit };
}

/** waitForLock waits until the lock file names a holder (the pass is under way) and returns it. */
export async function waitForLock(lockFile: string, running: Running, timeoutMs = 30_000): Promise<LockHolder> {
  const t0 = Date.now();
  for (;;) {
    try {
      const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder;
      if (typeof holder.pid === 'number') return holder;
    } catch {
      // Not there yet, or half-written.
    }
    if (running.proc.exitCode !== null || running.proc.signalCode !== null) throw new Error(`the sync ended before it took the lock:\n${running.output()}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`no lock after ${timeoutMs} ms:\n${running.output()}`);
    await sleep(5);
  }
}

/** waitGone waits until a pid is gone (a zombie counts as gone) and returns how long that took, or throws. */
export async function waitGone(pid: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (processState(pid).alive) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`pid ${pid} still runs after ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - t0;
}

/** dropBigFile removes the big file, so a later sync of the LongPass is quick. */
export function dropBigFile(world: LongPass): void {
  rmSync(world.bigFile);
}

/** copiedBigFile tells whether the big file arrived on the right under its real name (the pass got that far). */
export function copiedBigFile(world: LongPass): boolean {
  return existsSync(join(world.dir, 'right', 'big.bin'));
}
