import type { Config } from '../config/config.js';
import type { Tree } from '../model/entry.js';
import type { Problem } from '../model/problem.js';
import { scanBoth } from '../scan/scanner.js';

/** SideCounts compare one kind of entry (files or folders) across the two sides, by key. */
export interface SideCounts {
  left: number;
  right: number;
  onlyLeft: number;
  onlyRight: number;
  both: number;
}

/** ScanSummary is what `syncwarden scan` reports (SPEC §8): a dry look at both roots, nothing changed. */
export interface ScanSummary {
  left: string;
  right: string;
  files: SideCounts;
  folders: SideCounts;
  /** Keys that are a file on one side and a folder on the other (counted in neither `both`). */
  typeClashes: number;
  problems: { count: number; first: Problem[] };
  ms: { left: number; right: number; total: number };
}

const FIRST_PROBLEMS = 10;

/** scanSummary scans both roots of a config and counts what each side holds and what they share. */
export async function scanSummary(config: Config): Promise<ScanSummary> {
  const t0 = performance.now();
  const { left, right } = await scanBoth(config);
  const problems = [...left.problems, ...right.problems];
  return {
    left: config.left,
    right: config.right,
    ...compareTrees(left.tree, right.tree),
    problems: { count: problems.length, first: problems.slice(0, FIRST_PROBLEMS) },
    ms: { left: left.ms, right: right.ms, total: performance.now() - t0 },
  };
}

/** compareTrees counts files and folders per side, only on one side, and on both. */
export function compareTrees(left: Tree, right: Tree): Pick<ScanSummary, 'files' | 'folders' | 'typeClashes'> {
  const files = zero();
  const folders = zero();
  let typeClashes = 0;
  for (const [key, l] of left) {
    const counts = l.type === 'file' ? files : folders;
    counts.left++;
    const r = right.get(key);
    if (!r) counts.onlyLeft++;
    else if (r.type === l.type) counts.both++;
    else typeClashes++;
  }
  for (const [key, r] of right) {
    const counts = r.type === 'file' ? files : folders;
    counts.right++;
    if (!left.has(key)) counts.onlyRight++;
  }
  return { files, folders, typeClashes };
}

function zero(): SideCounts {
  return { left: 0, right: 0, onlyLeft: 0, onlyRight: 0, both: 0 };
}
