import { createHash } from 'node:crypto';
import { runChild } from './child.js';
import { median, type BenchReport, type BenchRow, type BenchSection } from './types.js';

const ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512', 'blake2b512'];
const BUFFER_MIB = 128;
const CHUNK = 1024 * 1024;

/** hashSection measures in-memory throughput per algorithm, then hashEntries over the left tree. */
export const hashSection: BenchSection = {
  name: 'hash',
  describe: 'digest throughput by algorithm; hashEntries over one tree',
  async run(ctx) {
    const data = Buffer.alloc(BUFFER_MIB * CHUNK);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE(i, i);
    const rows: BenchRow[] = ALGORITHMS.map((alg) => {
      const runs = Array.from({ length: ctx.runs }, () => timeDigest(alg, data));
      return { what: `${alg}, ${BUFFER_MIB} MiB in memory`, runs, note: `${(BUFFER_MIB / (median(runs) / 1000)).toFixed(0)} MiB/s` };
    });
    const tree = await runChild<{ ms: number; bytes: number; files: number; problems: number }>('hash-child', [ctx.trees.left]);
    rows.push({
      what: `hashEntries, left tree (${tree.files} files, concurrency 4)`, runs: [tree.ms],
      note: `${(tree.bytes / CHUNK / (tree.ms / 1000)).toFixed(0)} MiB/s, ${tree.problems} problems`,
    });
    const report: BenchReport = { title: 'hash: sha256 is what the scanner uses', rows, verdicts: [] };
    return report;
  },
};

function timeDigest(alg: string, data: Buffer): number {
  const t0 = performance.now();
  const hash = createHash(alg);
  for (let o = 0; o < data.length; o += CHUNK) hash.update(data.subarray(o, o + CHUNK));
  hash.digest('hex');
  return performance.now() - t0;
}
