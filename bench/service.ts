// The service section: `syncwarden run` on a synced pair, timed from outside as a user sees it. Edits are made
// one at a time on either side and the other side is polled until it holds the new bytes (edit → other side
// latency); then a throttled burst (300 small files and one 150 MiB file under a bandwidth limit: the small ones
// must all land first, the limit must hold), then a burst of 1,000 edits. CPU and memory come from /proc
// (Linux), the watchers' setup time from /metrics. Then unison's watch mode on the same pair, the same way.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMs, editBothWays, latencyRow, memMiB, pct, readOrNull, sec, arrived } from './edit-probe.js';
import type { BenchRow, BenchSection } from './types.js';
import { Scratch, smallFiles, syncedPair, syncwardenBin } from './sync-util.js';
import { unisonWatch } from './unison-watch.js';
import { SERVICE_NODE_FLAGS } from '../src/install/spec.js';

const EDITS_PER_SIDE = 50;
const BURST = 1000;
const SMALL_BURST = 300;
const LARGE_BYTES = 150 * 2 ** 20;
/** The bandwidth limit of the whole run: 150 MiB take about 9 s under it, the small edits are not slowed. */
const LIMIT = 16 * 2 ** 20;
const TEMP_PREFIX = '.syncwarden-tmp-';

/** serviceSection measures the service and compares unison's watch mode on the same pair. */
export const serviceSection: BenchSection = {
  name: 'service',
  describe: 'syncwarden run: start, watcher setup, edit latency both ways, CPU per edit, throttled burst (small first), 1,000-edit burst, RSS; unison -repeat watch alike',
  async run(ctx) {
    const scratch = new Scratch('service');
    try {
      const pair = await syncedPair(ctx, scratch, 'svc');
      const roots = { left: pair.left, right: pair.right };
      const config = JSON.parse(readFileSync(pair.config, 'utf8')) as Record<string, unknown>;
      writeFileSync(pair.config, JSON.stringify({ ...config, health: { port: 0 }, transfer: { maxBytesPerSecond: LIMIT } }));
      const small = { left: smallFiles(pair.left, 64 * 1024), right: smallFiles(pair.right, 64 * 1024) };
      const edits = { left: small.left.slice(0, EDITS_PER_SIDE + 1), right: small.right.slice(0, EDITS_PER_SIDE + 1) };
      const t0 = performance.now();
      // With Node's flags as `service install` writes them: the service as it runs unattended.
      const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, syncwardenBin(), 'run', '--config', pair.config], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
      while (!out.includes('health: ')) await sleep(10);
      const startMs = performance.now() - t0;
      const url = /health: (\S+)\/health/.exec(out)![1];
      const metrics = async () => (await fetch(`${url}/metrics`)).text();
      const gauge = (text: string, name: string) => Number(new RegExp(`^syncwarden_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
      const m0 = await metrics();
      const setup = { left: gauge(m0, 'watch_setup_seconds{side="left"}') * 1000, right: gauge(m0, 'watch_setup_seconds{side="right"}') * 1000 };
      const watched = `left ${gauge(m0, 'watch_events{side="left"}') ? 'events' : 'polled'}, right ${gauge(m0, 'watch_events{side="right"}') ? 'events' : 'polled'}`;
      await sleep(2000);
      const idle = memMiB(child.pid!);

      const cpu0 = cpuMs(child.pid!);
      const lat = await editBothWays(roots, edits, EDITS_PER_SIDE, 'svc');
      const cpuPerEdit = (cpuMs(child.pid!) - cpu0) / (2 * EDITS_PER_SIDE);

      const burstSmall = small.left.slice(EDITS_PER_SIDE + 1, EDITS_PER_SIDE + 1 + SMALL_BURST).map((rel, i) => `${rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : ''}burst-small-${i}.txt`);
      const mixed = await throttledBurst(roots, burstSmall);

      const burstFiles = small.left.slice(EDITS_PER_SIDE + 1 + SMALL_BURST, EDITS_PER_SIDE + 1 + SMALL_BURST + BURST);
      const tb = performance.now();
      for (const rel of burstFiles) writeFileSync(join(pair.left, rel), `burst ${rel}\n`);
      for (const rel of burstFiles) while (readOrNull(join(pair.right, rel)) !== `burst ${rel}\n`) await sleep(20);
      const burstMs = performance.now() - tb;
      await sleep(3000);
      const after = memMiB(child.pid!);
      const ts = performance.now();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const stopMs = performance.now() - ts;

      const unison = await unisonWatch(roots, edits, EDITS_PER_SIDE, scratch, ctx.log);
      const all = arrived([...lat.left, ...lat.right]);
      const rows: BenchRow[] = [
        { what: 'start to watching (watchers, self-test, first full pass)', runs: [startMs], rssMiB: idle.rss, note: `watchers ready in ${sec(setup.left)} (left), ${sec(setup.right)} (right); ${watched}` },
        latencyRow(`edit on left -> right (${lat.left.length} edits)`, lat.left),
        latencyRow(`edit on right -> left (${lat.right.length} edits)`, lat.right),
        { what: `${SMALL_BURST} small files + one ${LARGE_BYTES / 2 ** 20} MiB file, ${LIMIT / 2 ** 20} MiB/s limit: last small file`, runs: [mixed.lastSmallMs] },
        { what: `... the ${LARGE_BYTES / 2 ** 20} MiB file complete`, runs: [mixed.largeMs], note: `copy rate: highest over 1 s ${mib(mixed.maxRate)}/s, average ${mib(mixed.avgRate)}/s` },
        { what: `burst of ${burstFiles.length} edits on left to in sync`, runs: [burstMs], rssMiB: after.peak, note: 'peak RSS of the whole run' },
        { what: 'SIGTERM to exit', runs: [stopMs] },
        ...unison.rows,
      ];
      const uMedian = unison.all.length ? pct(unison.all, 0.5) : NaN;
      return {
        title: `service (${ctx.trees.files} files per side)`,
        rows,
        verdicts: [
          `edit latency p50 ${sec(pct(all, 0.5))}, p95 ${sec(pct(all, 0.95))}, max ${sec(Math.max(...all))}${all.length < 2 * EDITS_PER_SIDE ? `, ${2 * EDITS_PER_SIDE - all.length} edits never arrived` : ''}; unison -repeat watch p50 ${Number.isNaN(uMedian) ? `not available (${unison.why})` : `${sec(uMedian)}, p95 ${sec(pct(unison.all, 0.95))}`} (target: median below unison's, p95 <= 1 s)`,
          `service CPU per edit, its echo pass included: ${Number.isNaN(cpuPerEdit) ? 'unknown (no /proc)' : `${cpuPerEdit.toFixed(0)} ms`} (target <= 50 ms outside the copy)`,
          `throttled burst: ${mixed.smallFirst ? 'every small file landed before the large one' : `**${mixed.smallAfter} small files landed after the large one**`}; the copy's highest 1 s rate ${mib(mixed.maxRate)}/s against a ${mib(LIMIT)}/s limit (the bucket lends 0.2 s ahead) ${mixed.maxRate <= LIMIT * 1.25 ? 'holds' : '**exceeded**'}`,
          `RSS idle ${idle.rss.toFixed(0)} MiB, after the bursts ${after.rss.toFixed(0)} MiB, peak ${after.peak.toFixed(0)} MiB (target <= 400 MB = 381 MiB)`,
        ],
      };
    } finally {
      scratch.dispose();
    }
  },
};

interface MixedBurst {
  lastSmallMs: number;
  largeMs: number;
  smallFirst: boolean;
  smallAfter: number;
  /** Bytes per second of the large copy's temp file: the highest over any 1 s and the average from first byte to done. */
  maxRate: number;
  avgRate: number;
}

/**
 * throttledBurst writes one large file at the left root and then the small files, and follows the right side:
 * when each small file lands, and how fast the large file's temp file grows (sampled every 20 ms).
 */
async function throttledBurst(roots: { left: string; right: string }, smallRels: string[]): Promise<MixedBurst> {
  const large = 'burst-large.bin';
  const t0 = performance.now();
  writeFileSync(join(roots.left, large), Buffer.alloc(LARGE_BYTES, 'syncwarden bench '));
  for (const rel of smallRels) writeFileSync(join(roots.left, rel), `small ${rel}\n`);
  const landed = new Map<string, number>();
  const samples: [number, number][] = [];
  let largeMs = NaN;
  while (Number.isNaN(largeMs) || landed.size < smallRels.length) {
    const now = performance.now() - t0;
    if (now > 600_000) throw new Error(`throttled burst: not done after 600 s (${landed.size} small files, large ${Number.isNaN(largeMs) ? 'pending' : 'done'})`);
    for (const rel of smallRels) if (!landed.has(rel) && readOrNull(join(roots.right, rel)) === `small ${rel}\n`) landed.set(rel, now);
    if (Number.isNaN(largeMs)) {
      const temp = readdirSync(roots.right).find((n) => n.startsWith(TEMP_PREFIX));
      const size = temp ? sizeOrZero(join(roots.right, temp)) : 0;
      if (size) samples.push([now, size]);
      if (existsSync(join(roots.right, large)) && sizeOrZero(join(roots.right, large)) === LARGE_BYTES) largeMs = now;
    }
    await sleep(20);
  }
  const lastSmallMs = Math.max(...landed.values());
  let maxRate = 0;
  for (let i = 0, j = 0; i < samples.length; i++) {
    while (j < samples.length && samples[j][0] - samples[i][0] < 1000) j++;
    if (j < samples.length) maxRate = Math.max(maxRate, (samples[j][1] - samples[i][1]) / ((samples[j][0] - samples[i][0]) / 1000));
  }
  const avgRate = samples.length ? LARGE_BYTES / ((largeMs - samples[0][0]) / 1000) : NaN;
  const smallAfter = [...landed.values()].filter((t) => t > largeMs).length;
  return { lastSmallMs, largeMs, smallFirst: smallAfter === 0, smallAfter, maxRate, avgRate };
}

function sizeOrZero(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
