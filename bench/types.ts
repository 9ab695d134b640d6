import type { BenchTrees } from './gen-tree.js';

/** BenchContext is what every bench section gets: the generated trees and the run settings. */
export interface BenchContext {
  trees: BenchTrees;
  /** Measured runs per row (the table shows their median). */
  runs: number;
  log(line: string): void;
}

/** BenchRow is one measured line of the table. */
export interface BenchRow {
  what: string;
  /** Milliseconds of each run. */
  runs: number[];
  /** CPU milliseconds (user + system, all threads) of each run, when known: robust when the machine is busy. */
  cpu?: number[];
  /** Peak resident set of the measured process, MiB, when known. */
  rssMiB?: number;
  /** Extra words (throughput, counts). */
  note?: string;
}

/** BenchReport is one section's rows plus plain-language verdict lines (ratios against targets). */
export interface BenchReport {
  title: string;
  rows: BenchRow[];
  verdicts: string[];
}

/** BenchSection is one independently selectable part of `npm run bench` (`--only <name>`). */
export interface BenchSection {
  name: string;
  describe: string;
  run(ctx: BenchContext): Promise<BenchReport>;
}

/** median returns the middle value (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
