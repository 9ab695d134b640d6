// The service section: `syncwarden run` on a synced pair, timed from outside as a user sees it. Edits are made
// one at a time on either side and the other side is polled until it holds the new bytes (edit → other side
// latency); then a burst of 1,000 edits; CPU from /proc (Linux) and RSS from /metrics.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, type BenchRow, type BenchSection } from './types.js';
import { Scratch, smallFiles, syncedPair, syncwardenBin } from './sync-util.js';

const EDITS_PER_SIDE = 50;
const BURST = 1000;

/** serviceSection measures the service: start to watching, edit latency both ways, CPU per edit, a burst, RSS. */
export const serviceSection: BenchSection = {
  name: 'service',
  describe: 'syncwarden run: start time, edit latency p50/p95/max both ways, CPU per edit, 1,000-edit burst, RSS',
  async run(ctx) {
    const scratch = new Scratch('service');
    try {
      const pair = await syncedPair(ctx, scratch, 'svc');
      const config = JSON.parse(readFileSync(pair.config, 'utf8')) as Record<string, unknown>;
      writeFileSync(pair.config, JSON.stringify({ ...config, health: { port: 0 } }));
      const t0 = performance.now();
      const child = spawn(process.execPath, [syncwardenBin(), 'run', '--config', pair.config], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
      while (!out.includes('health: ')) await sleep(10);
      const startMs = performance.now() - t0;
      const url = /health: (\S+)\/health/.exec(out)![1];
      const rss = async () => Number(/syncwarden_resident_memory_bytes (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())![1]) / 2 ** 20;
      const idleRss = await rss();
      const files = { left: smallFiles(pair.left, 64 * 1024).slice(0, EDITS_PER_SIDE), right: smallFiles(pair.right, 64 * 1024).slice(0, EDITS_PER_SIDE) };
      const lat: Record<'left' | 'right', number[]> = { left: [], right: [] };
      const cpu0 = cpuMs(child.pid!);
      for (let i = 0; i < EDITS_PER_SIDE; i++) {
        for (const side of ['left', 'right'] as const) {
          const other = side === 'left' ? pair.right : pair.left;
          const rel = files[side][i];
          const text = `edit ${i} from ${side} ${Date.now()}\n`;
          const t = performance.now();
          writeFileSync(join(pair[side], rel), text);
          while (readOrNull(join(other, rel)) !== text) await sleep(2);
          lat[side].push(performance.now() - t);
          await sleep(50);
        }
      }
      const cpuPerEdit = (cpuMs(child.pid!) - cpu0) / (2 * EDITS_PER_SIDE);
      const burstFiles = smallFiles(pair.left, 64 * 1024).slice(EDITS_PER_SIDE, EDITS_PER_SIDE + BURST);
      let peak = idleRss;
      const tb = performance.now();
      for (const rel of burstFiles) writeFileSync(join(pair.left, rel), `burst ${rel}\n`);
      for (const rel of burstFiles) while (readOrNull(join(pair.right, rel)) !== `burst ${rel}\n`) (peak = Math.max(peak, await rss())), await sleep(20);
      const burstMs = performance.now() - tb;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const rows: BenchRow[] = [
        { what: 'start to watching (first pass included)', runs: [startMs], rssMiB: idleRss },
        latencyRow(`edit on left -> right (${lat.left.length} edits)`, lat.left),
        latencyRow(`edit on right -> left (${lat.right.length} edits)`, lat.right),
        { what: `burst of ${burstFiles.length} edits on left to in sync`, runs: [burstMs], rssMiB: peak },
      ];
      const all = [...lat.left, ...lat.right];
      return {
        title: `service (${ctx.trees.files} files per side)`,
        rows,
        verdicts: [
          `edit latency p50 ${ms(pct(all, 0.5))}, p95 ${ms(pct(all, 0.95))}, max ${ms(Math.max(...all))} (target: median below unison's watch mode, 0.55 s here; p95 <= 1 s)`,
          `service CPU per edit, its echo pass included: ${Number.isNaN(cpuPerEdit) ? 'unknown (no /proc)' : `${cpuPerEdit.toFixed(0)} ms`} (target <= 50 ms outside the copy)`,
          `RSS idle ${idleRss.toFixed(0)} MiB, during the burst ${peak.toFixed(0)} MiB (target <= 400 MB)`,
        ],
      };
    } finally {
      scratch.dispose();
    }
  },
};

function latencyRow(what: string, ms: number[]): BenchRow {
  return { what, runs: [median(ms)], note: `p95 ${(pct(ms, 0.95) / 1000).toFixed(3)} s, max ${(Math.max(...ms) / 1000).toFixed(3)} s (median shown)` };
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

function ms(n: number): string {
  return `${(n / 1000).toFixed(3)} s`;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** cpuMs reads a process's user + system CPU (ms) from /proc, NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}
