// unison's watch mode (`unison -repeat watch`) on the service bench's pair, timed the same way as the service:
// one edit at a time, the other side polled. It needs `unison-fsmonitor`, which Debian's unison package lacks;
// build it from the unison sources of the installed version (README, Performance) and put it on PATH or name it
// in SYNCWARDEN_BENCH_FSMONITOR. Without it the row says "not available".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMs, editBothWays, editOnce, latencyRow, memMiB, type Latencies, type SideName } from './edit-probe.js';
import type { BenchRow } from './types.js';
import { Unison, which, type Scratch } from './sync-util.js';

/** How long unison may take to list and hash a tree before its watch mode is taken as not working. */
const READY_TIMEOUT_MS = 300_000;

export interface UnisonWatchResult {
  rows: BenchRow[];
  /** Every edit's latency, both ways (empty when unison or its fsmonitor is missing). */
  all: number[];
  why?: string;
}

/** fsmonitorPath finds unison-fsmonitor: SYNCWARDEN_BENCH_FSMONITOR, else PATH. */
export function fsmonitorPath(): string | null {
  const named = process.env.SYNCWARDEN_BENCH_FSMONITOR;
  if (named) return existsSync(named) ? named : null;
  return which('unison-fsmonitor');
}

/** unisonWatch establishes unison's archive on the pair, runs `-repeat watch` and edits both ways through it. */
export async function unisonWatch(roots: Record<SideName, string>, files: Record<SideName, string[]>, count: number, scratch: Scratch, log: (line: string) => void): Promise<UnisonWatchResult> {
  const bin = which('unison');
  const monitor = fsmonitorPath();
  if (!bin || !monitor) {
    const why = !bin ? 'unison is not installed' : 'unison-fsmonitor not found (PATH, SYNCWARDEN_BENCH_FSMONITOR)';
    return { rows: [{ what: 'unison -repeat watch', runs: [], note: `not available: ${why}` }], all: [], why };
  }
  const version = spawnSync(bin, ['-version'], { encoding: 'utf8' }).stdout.trim();
  const unison = new Unison(bin, roots.left, roots.right, scratch.path('unison-watch-home'));
  const env = { ...unison.env, PATH: `${dirname(monitor)}${delimiter}${process.env.PATH ?? ''}` };
  const first = await unison.run();
  log(`unison: establishing pass ${(first.ms / 1000).toFixed(1)} s (${version})`);
  const t0 = performance.now();
  const child = spawn(bin, [roots.left, roots.right, '-batch', '-auto', '-times', '-ui', 'text', '-confirmbigdel=false', '-repeat', 'watch'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (err = (err + t).slice(-4000)));
  try {
    // Ready once a probe edit goes through (it lists and fingerprints the tree first).
    const probe = await editOnce(roots, 'left', files.left[count], `unison probe ${Date.now()}\n`, READY_TIMEOUT_MS);
    const readyMs = performance.now() - t0;
    if (probe === null || child.exitCode !== null) {
      return { rows: [{ what: 'unison -repeat watch', runs: [], note: `not working: no edit arrived within ${READY_TIMEOUT_MS / 1000} s (${err.trim().split('\n').pop() ?? ''})` }], all: [], why: 'no edit arrived' };
    }
    const pids = () => [child.pid!, ...childrenOf(child.pid!)];
    const cpu0 = sum(pids().map(cpuMs));
    const lat: Latencies = await editBothWays(roots, files, count, 'unison');
    const cpuPerEdit = (sum(pids().map(cpuMs)) - cpu0) / (2 * count);
    const mem = sum(pids().map((p) => memMiB(p).rss));
    return {
      rows: [
        { what: 'unison -repeat watch: start to first edit through', runs: [readyMs], rssMiB: mem, note: `${version}; unison + unison-fsmonitor` },
        latencyRow(`unison: edit on left -> right (${lat.left.length} edits)`, lat.left),
        latencyRow(`unison: edit on right -> left (${lat.right.length} edits)`, lat.right),
        { what: 'unison: CPU per edit (unison + fsmonitor)', runs: [], note: Number.isNaN(cpuPerEdit) ? 'unknown (no /proc)' : `${cpuPerEdit.toFixed(0)} ms` },
      ],
      all: [...lat.left, ...lat.right].filter((v): v is number => v !== null),
    };
  } finally {
    const kids = childrenOf(child.pid!);
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
    for (const pid of kids) killQuietly(pid);
  }
}

/** childrenOf lists a process's child pids (Linux /proc; empty elsewhere). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
