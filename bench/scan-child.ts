// Child process of the scan bench: `scan-child LEFT RIGHT RUNS [cli]` scans both roots RUNS times in
// this one process and prints {ms[], cpu[], files, maxRssMiB} as one JSON line. A fresh process per
// measurement gives a clean peak RSS and the cold start a one-shot command pays. With `cli`, it does
// what `syncwarden scan` does: boot the walk workers, then load the config; the first run's time
// then counts from the boot, config load included.
import { resolveConfig } from '../src/config/load.js';
import { scanBoth, warmScanWorkers } from '../src/scan/scanner.js';

const [left, right, runs, mode] = process.argv.slice(2);
const t00 = performance.now();
const c00 = process.cpuUsage();
if (mode === 'cli') warmScanWorkers();
const config = resolveConfig({ left, right }, `${process.cwd()}/bench-config.json5`);
const ms: number[] = [];
const cpu: number[] = [];
let files = 0;
for (let i = 0; i < Number(runs ?? 1); i++) {
  const t0 = i === 0 && mode === 'cli' ? t00 : performance.now();
  const c0 = i === 0 && mode === 'cli' ? c00 : process.cpuUsage();
  const scanned = await scanBoth(config);
  ms.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  files = scanned.left.files + scanned.right.files;
}
console.log(JSON.stringify({ ms, cpu, files, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
