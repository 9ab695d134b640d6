import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TEMP_PREFIX } from '../../src/config/config.js';
import { projectRoot } from '../../src/config/project.js';

const BIN = join(projectRoot(), 'bin', 'syncwarden');

/** Rng is a seeded PRNG (mulberry32): the same seed gives the same trial. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  /** next returns a float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** int returns an integer in [lo, hi]. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  /** pick returns one element of a non-empty list. */
  pick<T>(xs: readonly T[]): T { return xs[this.int(0, xs.length - 1)]; }
  /** take removes and returns up to n random elements of xs. */
  take<T>(xs: T[], n: number): T[] {
    const out: T[] = [];
    while (out.length < n && xs.length) out.push(xs.splice(this.int(0, xs.length - 1), 1)[0]);
    return out;
  }
}

/** sha returns the sha256 hex digest of a buffer. */
export function sha(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** bigContent builds `size` bytes unique to `tag`: a header, then a block of seeded noise repeated. */
export function bigContent(rng: Rng, tag: string, size: number): Buffer {
  const block = Buffer.alloc(65536);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE(Math.floor(rng.next() * 4294967296), i);
  const buf = Buffer.alloc(size);
  for (let off = 0; off < size; off += block.length) block.copy(buf, off, 0, Math.min(block.length, size - off));
  buf.write(`version ${tag}\n`, 0);
  return buf;
}

/** writeAt writes a file (parents created) with an exact mtime and returns its content digest. */
export function writeAt(path: string, content: Buffer | string, mtimeMs: number): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  utimesSync(path, mtimeMs / 1000, mtimeMs / 1000);
  return sha(Buffer.isBuffer(content) ? content : Buffer.from(content));
}

/** DiskFile is one regular file found under a root. */
export interface DiskFile { rel: string; size: number; mtimeMs: number; hash: string }

/** Listing is what a root holds: files by relative path, folders, and the engine's temp files. */
export interface Listing { files: Map<string, DiskFile>; dirs: Set<string>; temps: string[] }

// Digest cache keyed by inode, size, mtime and ctime: any write (a partial copy included) changes ctime.
const digests = new Map<string, string>();

function digestOf(path: string, st: { ino: number; size: number; mtimeMs: number; ctimeMs: number; dev: number }): string {
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  let hash = digests.get(key);
  if (hash === undefined) {
    hash = sha(readFileSync(path));
    if (digests.size > 100_000) digests.clear();
    digests.set(key, hash);
  }
  return hash;
}

/** listRoot walks a root (trash included) and hashes every file; temp files are listed apart. */
export function listRoot(root: string): Listing {
  const out: Listing = { files: new Map(), dirs: new Set(), temps: [] };
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      let st;
      try { st = lstatSync(join(root, path)); } catch { continue; }
      if (st.isDirectory()) { out.dirs.add(path); walk(path); }
      else if (name.startsWith(TEMP_PREFIX)) out.temps.push(path);
      else out.files.set(path, { rel: path, size: st.size, mtimeMs: st.mtimeMs, hash: digestOf(join(root, path), st) });
    }
  };
  if (existsSync(root)) walk('');
  return out;
}

/** isTrash tells whether a relative path lies in the trash folder. */
export function isTrash(rel: string, folder = '.sync_trash'): boolean {
  return rel === folder || rel.startsWith(`${folder}/`);
}

/** tempBytes sums the sizes of the engine's temp files in the given folders (missing folders are skipped). */
export function tempBytes(dirs: readonly string[]): number {
  let n = 0;
  for (const d of dirs) {
    let names: string[];
    try { names = readdirSync(d); } catch { continue; }
    for (const name of names) {
      if (!name.startsWith(TEMP_PREFIX)) continue;
      try { n += statSync(join(d, name)).size; } catch { /* renamed meanwhile */ }
    }
  }
  return n;
}

/** RunOutcome is how a CLI child process ended. */
export interface RunOutcome { code: number | null; signal: string | null; ms: number; stdout: string; stderr: string; killed: boolean }

/** KillWhen says when to SIGKILL the child: never, after a delay, or once temp files hold this many bytes. */
export type KillWhen = { kind: 'none' } | { kind: 'delay'; ms: number } | { kind: 'bytes'; bytes: number; dirs: string[] };

/** runCli spawns bin/syncwarden and, per `when`, kills it with SIGKILL. */
export function runCli(args: string[], when: KillWhen = { kind: 'none' }): Promise<RunOutcome> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  let killed = false;
  const kill = (): void => {
    if (exited || killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  let timer: NodeJS.Timeout | undefined;
  if (when.kind === 'delay') timer = setTimeout(kill, when.ms);
  if (when.kind === 'bytes') {
    // Poll without sleeping: a copy of a few MB lasts only milliseconds.
    const poll = (): void => {
      if (exited || killed) return;
      if (tempBytes(when.dirs) >= when.bytes) kill();
      else setImmediate(poll);
    };
    setImmediate(poll);
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      if (timer) clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - t0, stdout, stderr, killed: killed && signal === 'SIGKILL' });
    });
  });
}
