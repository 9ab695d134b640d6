// What the service bench and the unison watch-mode bench share: edits made from outside one at a time, the other
// side polled until it holds the new bytes, and a process's CPU and memory read from /proc (Linux).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, type BenchRow } from './types.js';

export type SideName = 'left' | 'right';

/** Latencies are edit → other side times (ms) per side edited; a `null` is an edit that never arrived in time. */
export type Latencies = Record<SideName, (number | null)[]>;

/**
 * editBothWays edits `count` files on each side in turn (left, right, left, …), waits for each to reach the other
 * side (polled every 2 ms, given up after `timeoutMs`), and pauses `gapMs` between edits so each is isolated.
 */
export async function editBothWays(roots: Record<SideName, string>, files: Record<SideName, string[]>, count: number, tag: string, opts: { gapMs?: number; timeoutMs?: number } = {}): Promise<Latencies> {
  const lat: Latencies = { left: [], right: [] };
  for (let i = 0; i < count; i++) {
    for (const side of ['left', 'right'] as const) {
      lat[side].push(await editOnce(roots, side, files[side][i], `${tag} edit ${i} from ${side} ${Date.now()}\n`, opts.timeoutMs ?? 30_000));
      await sleep(opts.gapMs ?? 50);
    }
  }
  return lat;
}

/** editOnce writes `text` into `rel` on `side` and returns how long until the other side reads the same (null: timed out). */
export async function editOnce(roots: Record<SideName, string>, side: SideName, rel: string, text: string, timeoutMs: number): Promise<number | null> {
  const there = join(roots[side === 'left' ? 'right' : 'left'], rel);
  const t = performance.now();
  writeFileSync(join(roots[side], rel), text);
  while (readOrNull(there) !== text) {
    if (performance.now() - t > timeoutMs) return null;
    await sleep(2);
  }
  return performance.now() - t;
}

/** latencyRow is one direction's row: the median as the run, p95 and max in the note, misses counted. */
export function latencyRow(what: string, values: (number | null)[]): BenchRow {
  const ms = arrived(values);
  const missed = values.length - ms.length;
  if (!ms.length) return { what, runs: [], note: `none of ${values.length} edits arrived` };
  return { what, runs: [median(ms)], note: `p95 ${sec(pct(ms, 0.95))}, max ${sec(Math.max(...ms))}${missed ? `, ${missed} never arrived` : ''} (median shown)` };
}

export function arrived(values: (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}

export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

export function sec(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

export function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** cpuMs reads a process's user + system CPU (ms) from /proc, NaN elsewhere. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** memMiB reads a process's resident set now (VmRSS) and its peak so far (VmHWM) from /proc, NaN elsewhere. */
export function memMiB(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}
