// Measures the state store at the office's size. Not a test (no assertions on time: CI machines vary).
// Run: node --import tsx test/unit/state/measure-90k.ts [records] [rounds]
// Load is measured in a fresh process each round, as the service pays it: a cold start.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StateStore, STATE_FILE } from '../../../src/state/store.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { realisticBase } from './fixtures.js';

const [mode, dirArg] = process.argv.slice(2);
if (mode === '--load') {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const store = await StateStore.open(dirArg, { readOnly: true });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ ms, cpuMs, records: store.base.size, rss: process.memoryUsage().rss }));
} else {
  const records = Number(process.argv[2] ?? 90_000);
  const rounds = Number(process.argv[3] ?? 5);
  const dir = makeTmp('sw-measure-');
  try {
    await measure(dir, records, rounds);
  } finally {
    removeTmp(dir);
  }
}

async function measure(dir: string, n: number, rounds: number): Promise<void> {
  const store = await StateStore.open(dir);
  for (const [key, rec] of realisticBase(n)) store.setBase(key, rec);
  const flushes: number[] = [];
  const flushCpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    store.setExtra('round', i);
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    await store.flush();
    flushes.push(performance.now() - started);
    const cpu = process.cpuUsage(cpu0);
    flushCpu.push((cpu.user + cpu.system) / 1000);
  }
  await store.close();
  const self = fileURLToPath(import.meta.url);
  const loads = Array.from({ length: rounds }, () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', self, '--load', dir], { encoding: 'utf8' });
    return JSON.parse(out.stdout) as { ms: number; cpuMs: number; records: number; rss: number };
  });
  const med = (xs: number[]): string => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
  const size = statSync(join(dir, STATE_FILE)).size;
  console.log(JSON.stringify({
    records: n, fileMiB: +(size / 2 ** 20).toFixed(2),
    // Wall time suffers when other work shares the CPUs; CPU time (all threads) is the steadier figure.
    flushMs: { median: +med(flushes), cpuMedian: +med(flushCpu), all: flushes.map((x) => Math.round(x)) },
    loadMs: { median: +med(loads.map((l) => l.ms)), cpuMedian: +med(loads.map((l) => l.cpuMs)), all: loads.map((l) => Math.round(l.ms)) },
    loadRssMiB: Math.round(loads[0].rss / 2 ** 20),
  }));
}
