// Child process of the scan bench: `scan-child LEFT RIGHT RUNS` scans both roots RUNS times in this
// one process and prints {ms[], cpu[], files, maxRssMiB} as one JSON line. A fresh process per measurement
// gives a clean peak RSS and the cold start a one-shot `syncwarden sync` pays.
import { resolveConfig } from '../src/config/load.js';
import { scanBoth } from '../src/scan/scanner.js';

const [left, right, runs] = process.argv.slice(2);
const config = resolveConfig({ left, right }, `${process.cwd()}/bench-config.json5`);
const ms: number[] = [];
const cpu: number[] = [];
let files = 0;
for (let i = 0; i < Number(runs ?? 1); i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const scanned = await scanBoth(config);
  ms.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  files = scanned.left.files + scanned.right.files;
}
console.log(JSON.stringify({ ms, cpu, files, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
