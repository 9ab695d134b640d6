// Shared plumbing of the sync bench sections (sync-initial, sync-nochange, sync-burst): scratch copies of the
// generated trees, the `syncwarden sync` CLI as a timed child process, and the other tools (cp, find,
// unison, rclone) timed the same way. Every measured process runs under `/usr/bin/time -v` when that is
// installed, for its peak RSS and CPU.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_COUNTS } from '../src/plan/summary.js';
import { LOG_FILE } from '../src/ports/log.js';
import type { BenchContext, BenchRow } from './types.js';

/** Timed is one measured child process: wall and CPU milliseconds, peak RSS (MiB) when /usr/bin/time is there. */
export interface Timed {
  ms: number;
  cpu?: number;
  rssMiB?: number;
  code: number;
  stderr: string;
}

/** SyncRun is one timed `syncwarden sync` with the parts of its report the bench reads. */
export interface SyncRun extends Timed {
  report: {
    exitCode: number;
    counts: Record<string, number>;
    ms: { scan: number; plan: number; execute: number; total: number };
    actions: number;
    problems: number;
  };
}

const TIME = '/usr/bin/time';
const hasTime = process.platform === 'linux' && existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;

/** Scratch is one bench section's private folder under the bench temp area; `dispose` removes it. */
export class Scratch {
  readonly dir: string;
  constructor(name: string) {
    this.dir = join(tmpdir(), 'syncwarden-bench', `scratch-${name}-${process.pid}`);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** copyTree copies a folder with its timestamps (`cp -a` on Linux, cpSync elsewhere); `to` must not exist. */
export function copyTree(from: string, to: string): number {
  const t0 = performance.now();
  if (process.platform === 'linux' && existsSync('/bin/cp')) {
    const r = spawnSync('/bin/cp', ['-a', from, to], { stdio: 'inherit' });
    if (r.status === 0) return performance.now() - t0;
  }
  cpSync(from, to, { recursive: true, preserveTimestamps: true });
  return performance.now() - t0;
}

/** writeSyncConfig writes a config for a pair of roots; state and logs live in `dir`, outside both roots. */
export function writeSyncConfig(dir: string, left: string, right: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2, 8)}.json5`);
  const state = join(dir, `state-${file.slice(-12, -6)}`);
  writeFileSync(file, JSON.stringify({ left, right, stateDir: state, log: { dir: join(state, 'logs') }, ...extra }, null, 2));
  return file;
}

/** timeCommand runs a command to completion, stdout to a file (or /dev/null), and measures it. */
export function timeCommand(cmd: string, args: string[], opts: { stdoutFile?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Timed> {
  const out = openSync(opts.stdoutFile ?? '/dev/null', 'w');
  const [file, argv] = hasTime ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { stdio: ['ignore', out, 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      if (stderr.length > 4 * 2 ** 20) stderr = stderr.slice(-(2 ** 20));
    });
    child.on('error', (err) => {
      closeSync(out);
      reject(err);
    });
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      closeSync(out);
      const timed: Timed = { ms, code: code ?? -1, stderr };
      if (hasTime) {
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (user && sys) timed.cpu = (Number(user[1]) + Number(sys[1])) * 1000;
        if (rss) timed.rssMiB = Number(rss[1]) / 1024;
        const exit = /Exit status: (\d+)/.exec(stderr);
        if (exit) timed.code = Number(exit[1]);
        // Keep only what the command itself wrote, for error messages.
        timed.stderr = stderr.replace(/\tCommand being timed:[\s\S]*$/, '');
      }
      resolve(timed);
    });
  });
}

/** syncwardenBin is the launcher this checkout ships (runs dist/). */
export function syncwardenBin(): string {
  // bench/ (source) or dist/bench/ (compiled): the launcher is bin/syncwarden of the project root either way.
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const up of ['..', '../..']) {
    const bin = join(here, up, 'bin', 'syncwarden');
    if (existsSync(bin)) return bin;
  }
  throw new Error('bin/syncwarden not found');
}

/**
 * runSync times one `syncwarden sync --config FILE`, the command an administrator or a scheduled task runs, and
 * reads what it did from its own outputs: the phase times from the summary's `time:` line, the counts from the
 * log's `pass done` line. Not `--json`: that prints every action and result (207 MB for a 90k-file first copy)
 * and would measure the printing. Throws on exit codes 2 and 3.
 */
export async function runSync(config: string, scratch: Scratch): Promise<SyncRun> {
  const outFile = scratch.path('sync-out.txt');
  const timed = await timeCommand(process.execPath, [syncwardenBin(), 'sync', '--config', config], { stdoutFile: outFile });
  const text = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  rmSync(outFile, { force: true });
  const time = /^time: scan (.+?), plan (.+?), execute (.+?), total (.+)$/m.exec(text);
  const counts = timed.code < 2 ? lastPassCounts(config) : null;
  if (!time || !counts) throw new Error(`syncwarden sync exited with ${timed.code}: ${timed.stderr.slice(0, 2000)}${text.slice(0, 2000)}`);
  const [scan, plan, execute, total] = time.slice(1).map(msOf);
  const problems = Number(/^problems \((\d+)\):/m.exec(text)?.[1] ?? 0);
  return { ...timed, report: { exitCode: timed.code, counts, ms: { scan, plan, execute, total }, actions: actionsIn(counts), problems } };
}

function actionsIn(counts: Record<string, number>): number {
  return ACTION_COUNTS.reduce((n, key) => n + (counts[key] ?? 0), 0);
}

/** msOf reads the summary's "153 ms" or "4.42 s". */
function msOf(text: string): number {
  const m = /^([\d.]+) (ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`unreadable time in the sync summary: ${text}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** lastPassCounts reads the counts of the last `pass done` line in the config's log (its tail: a first copy logs a line per file). */
function lastPassCounts(config: string): Record<string, number> | null {
  const dir = (JSON.parse(readFileSync(config, 'utf8')) as { log?: { dir?: string } }).log?.dir;
  const file = dir ? join(dir, LOG_FILE) : '';
  if (!file || !existsSync(file)) return null;
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  const tail = Buffer.alloc(Math.min(size, 256 * 1024));
  try {
    readSync(fd, tail, 0, tail.length, size - tail.length);
  } finally {
    closeSync(fd);
  }
  const lines = tail.toString('utf8').split('\n').filter((l) => l.includes('"pass done'));
  if (!lines.length) return null;
  return (JSON.parse(lines[lines.length - 1]) as { data?: Record<string, number> }).data ?? {};
}

/** countsText prints the non-zero counts of a report ("copy 1000, trash 1000"). */
export function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => typeof n === 'number' && n > 0).map(([k, n]) => `${k} ${n}`);
  return parts.length ? parts.join(', ') : 'nothing to do';
}

/** msText prints the phases of a sync report (scan / plan / execute). */
export function phasesText(runs: SyncRun[]): string {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[(sorted.length - 1) >> 1].report.ms;
  return `scan (with policy load, state open) ${(mid.scan / 1000).toFixed(2)} s, plan ${(mid.plan / 1000).toFixed(2)} s, execute ${(mid.execute / 1000).toFixed(2)} s, total in-process ${(mid.total / 1000).toFixed(2)} s`;
}

/** which returns the absolute path of an installed tool, or null. */
export function which(tool: string): string | null {
  if (process.platform === 'win32') return null;
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/bin', '/usr/local/bin'])) {
    const p = join(dir, tool);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** findPath is GNU find when it supports -printf (the reference scan), else null. */
export function findPath(): string | null {
  const path = which('find');
  if (!path) return null;
  return spawnSync(path, ['/', '-maxdepth', '0', '-printf', '%s'], { stdio: 'ignore' }).status === 0 ? path : null;
}

/** timeFind runs `find A B -printf '%s %T@ %p\n' >/dev/null`. */
export function timeFind(find: string, roots: string[]): Promise<Timed> {
  return timeCommand(find, [...roots, '-printf', '%s %T@ %p\n']);
}

/** Unison runs the Debian unison binary on one pair, with its archive kept in the scratch folder. */
export class Unison {
  readonly env: NodeJS.ProcessEnv;
  constructor(readonly bin: string, readonly left: string, readonly right: string, home: string) {
    mkdirSync(home, { recursive: true });
    this.env = { ...process.env, UNISON: home };
  }
  /** run is one `unison -batch` pass (mtimes propagated, like syncwarden); throws when it fails. */
  async run(): Promise<Timed> {
    const t = await timeCommand(this.bin, [this.left, this.right, '-batch', '-auto', '-times', '-silent', '-ui', 'text', '-confirmbigdel=false'], { env: this.env });
    // 0: all fine, 1: nothing to do / some skipped; >= 2 is a failure.
    if (t.code >= 2) throw new Error(`unison exited with ${t.code}: ${t.stderr.slice(0, 1000)}`);
    return t;
  }
}

/** Bisync runs `rclone bisync` on one pair, with its work folder and (empty) config in the scratch folder. */
export class Bisync {
  readonly env: NodeJS.ProcessEnv;
  readonly workdir: string;
  constructor(readonly bin: string, readonly left: string, readonly right: string, home: string) {
    mkdirSync(home, { recursive: true });
    this.workdir = join(home, 'work');
    this.env = { ...process.env, RCLONE_CONFIG: join(home, 'rclone.conf') };
    writeFileSync(join(home, 'rclone.conf'), '');
  }
  async run(resync = false): Promise<Timed> {
    const args = ['bisync', this.left, this.right, '--workdir', this.workdir, '-q', ...(resync ? ['--resync'] : [])];
    const t = await timeCommand(this.bin, args, { env: this.env });
    if (t.code !== 0) throw new Error(`rclone bisync exited with ${t.code}: ${t.stderr.slice(0, 1000)}`);
    return t;
  }
}

/** SyncedPair is a scratch copy of both generated trees after one completed `syncwarden sync` (base recorded). */
export interface SyncedPair {
  left: string;
  right: string;
  config: string;
  /** The first (establishing) pass; over two identical trees it should copy nothing. */
  first: SyncRun;
}

/** syncedPair copies the cached trees into `scratch/<name>` and runs one establishing sync over them. */
export async function syncedPair(ctx: BenchContext, scratch: Scratch, name: string): Promise<SyncedPair> {
  const left = scratch.path(name, 'left');
  const right = scratch.path(name, 'right');
  mkdirSync(scratch.path(name), { recursive: true });
  copyTree(ctx.trees.left, left);
  copyTree(ctx.trees.right, right);
  const config = writeSyncConfig(scratch.path(name), left, right);
  const first = await runSync(config, scratch);
  ctx.log(`${name}: establishing sync ${(first.ms / 1000).toFixed(2)} s (${countsText(first.report.counts)})`);
  return { left, right, config, first };
}

/** copiedPair copies the cached trees into `scratch/<name>` untouched (for the other tools). */
export function copiedPair(ctx: BenchContext, scratch: Scratch, name: string): { left: string; right: string } {
  const left = scratch.path(name, 'left');
  const right = scratch.path(name, 'right');
  mkdirSync(scratch.path(name), { recursive: true });
  copyTree(ctx.trees.left, left);
  copyTree(ctx.trees.right, right);
  return { left, right };
}

/** smallFiles lists the relative paths of files under `root` smaller than `maxBytes`, in a stable order. */
export function smallFiles(root: string, maxBytes: number): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(join(dir, d.name), childRel);
      else if (d.isFile() && statSize(join(dir, d.name)) < maxBytes) out.push(childRel);
    }
  };
  walk(root, '');
  return out;
}

function statSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return Infinity;
  }
}

/** tryTool returns what `fn` gives, or logs why a third-party tool was skipped and returns null. */
export async function tryTool<T>(ctx: BenchContext, name: string, fn: () => Promise<T>, skipped: string[]): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    const msg = `${name} skipped: ${(err as Error).message.split('\n')[0]}`;
    ctx.log(msg);
    skipped.push(msg);
    return null;
  }
}

/** timedRow turns timed processes into one table row (wall, CPU, the largest peak RSS). */
export function timedRow(what: string, timed: Timed[], note?: string): BenchRow {
  const cpu = timed.every((t) => t.cpu !== undefined) ? timed.map((t) => t.cpu as number) : undefined;
  const rss = timed.filter((t) => t.rssMiB !== undefined).map((t) => t.rssMiB as number);
  return { what, runs: timed.map((t) => t.ms), cpu, rssMiB: rss.length ? Math.max(...rss) : undefined, note };
}
