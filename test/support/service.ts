import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../src/config/project.js';
import type { ServiceInfo } from '../../src/service/service-file.js';

const BIN = join(projectRoot(), 'bin', 'syncwarden');

/** writeConfig writes a service config for `dir/left` <-> `dir/right` (health on any free port) with extra JSON5 keys. */
export function writeConfig(dir: string, extra = ''): string {
  const file = join(dir, 'config.json5');
  writeFileSync(file, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' }, health: { port: 0 }, watch: { debounceMs: 150 }, ${extra} }`);
  return file;
}

/** RunningService is a real `syncwarden run` child process and what its service.json says. */
export class RunningService {
  stdout = '';
  stderr = '';
  info: ServiceInfo | null = null;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess, private readonly stateDir: string) {
    child.stdout?.setEncoding('utf8').on('data', (t: string) => (this.stdout += t));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (this.stderr += t));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** spawn starts `syncwarden run` without waiting for it. */
  static spawn(config: string, stateDir: string, command: string[] = ['run'], env: Record<string, string> = {}): RunningService {
    const child = spawn(process.execPath, [BIN, ...command, '--config', config], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new RunningService(child, stateDir);
  }

  /** start spawns `syncwarden run` and resolves once it says it is running (first pass done). */
  static async start(config: string, stateDir: string, timeoutMs = 30_000, env: Record<string, string> = {}): Promise<RunningService> {
    const s = RunningService.spawn(config, stateDir, ['run'], env);
    try {
      await s.ready(timeoutMs);
    } catch (err) {
      await s.stop().catch(() => undefined);
      throw err;
    }
    return s;
  }

  /** ready waits for the "running" line, then reads service.json. */
  async ready(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    await until(() => this.stdout.includes('syncwarden is running') || child.exitCode !== null, timeoutMs, () => `service did not start:\n${this.stdout}\n${this.stderr}`);
    if (child.exitCode !== null) throw new Error(`service exited ${child.exitCode}:\n${this.stdout}\n${this.stderr}`);
    this.info = JSON.parse(readFileSync(join(this.stateDir, 'service.json'), 'utf8')) as ServiceInfo;
  }

  /** get fetches an endpoint path and returns the status and JSON (or text) body. */
  async get(path: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.info!.url}${path}`, { signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  }

  /** stop sends a signal and waits for the exit (failing after `timeoutMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<{ code: number | null; ms: number }> {
    const t0 = Date.now();
    if (this.child.exitCode === null) this.child.kill(signal);
    const timer = sleep(timeoutMs).then(() => 'timeout' as const);
    const r = await Promise.race([this.exited, timer]);
    if (r === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`service did not stop within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
    }
    return { code: r.code, ms: Date.now() - t0 };
  }
}

/** until polls `check` every 25 ms until it holds, or fails after `ms` with `why()`. */
export async function until(check: () => boolean, ms = 10_000, why: () => string = () => 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms: ${why()}`);
    await sleep(25);
  }
}

/** read returns a file's text, or null when it does not exist. */
export function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** temps lists the engine's temp files anywhere under a folder. */
export function temps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith('.syncwarden-tmp-')) out.push(path);
    else if (statSync(path).isDirectory()) out.push(...temps(path));
  }
  return out;
}

/** trashed lists the files in a root's trash (any run stamp), as relative paths under the stamp. */
export function trashed(root: string): string[] {
  const trash = join(root, '.sync_trash');
  if (!existsSync(trash)) return [];
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, rel ? `${rel}/${name}` : name);
      else out.push(rel ? `${rel}/${name}` : name);
    }
  };
  for (const stamp of readdirSync(trash)) walk(join(trash, stamp), '');
  return out.sort();
}
