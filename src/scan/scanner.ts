import type { Config } from '../config/config.js';
import type { Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Side } from '../model/side.js';
import { TreeAssembler } from './assemble.js';
import { ignoreRules, ignoreSpecOf, type IgnoreSpec } from './ignore.js';
import type { Columns } from './columns.js';
import { checkRoot, walkSync, type WalkSpec } from './walk.js';
import { walkInWorker } from './walk-pool.js';

export { warmScanWorkers } from './walk-pool.js';

/** ScanOptions say which root to list and how; `inline` walks on the calling thread (blocking it). */
export interface ScanOptions {
  side: Side;
  root: string;
  caseInsensitive: boolean;
  ignore: IgnoreSpec;
  inline?: boolean;
  /** List only the subtree under this folder (the service re-reading a changed folder). */
  from?: { rel: string; key: Key };
}

/** ScanResult is one side's listing: the tree by key, per-path problems, counts and wall time. */
export interface ScanResult {
  side: Side;
  tree: Tree;
  problems: Problem[];
  /** Keys of folders whose listing is partial (see WalkOutcome): never infer deletes below them. */
  incomplete: Key[];
  /** The engine's temp files found on this side (a crash's leftovers), relative paths. */
  temps: string[];
  files: number;
  dirs: number;
  ms: number;
}

/** scanOptionsOf builds one side's scan options from a resolved config. */
export function scanOptionsOf(config: Config, side: Side): ScanOptions {
  return { side, root: config[side], caseInsensitive: config.caseInsensitive, ignore: ignoreSpecOf(config) };
}

/**
 * scanSide lists one root into a Tree. It throws SafetyStop when the root is missing, not a folder
 * or unreadable; everything below the root only ever becomes a Problem.
 */
export async function scanSide(opts: ScanOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const spec: WalkSpec = { side: opts.side, root: opts.root, caseInsensitive: opts.caseInsensitive, ignore: ignoreRules(opts.ignore), ...(opts.from ? { from: opts.from } : {}) };
  const assembler = new TreeAssembler(opts.from);
  const add = (batch: Columns) => assembler.add(batch);
  const outcome = opts.inline ? walkSync(spec, add) : await walkInWorker(spec, add);
  const { tree, files, dirs } = assembler;
  return { side: opts.side, tree, problems: outcome.problems, incomplete: outcome.incomplete, temps: outcome.temps, files, dirs, ms: performance.now() - t0 };
}

/** scanBoth lists both roots concurrently, one worker thread each. */
export async function scanBoth(config: Config): Promise<{ left: ScanResult; right: ScanResult }> {
  const [left, right] = await Promise.all([scanSide(scanOptionsOf(config, 'left')), scanSide(scanOptionsOf(config, 'right'))]);
  return { left, right };
}

/** checkRoots stops (SafetyStop) when a root is missing, not a folder or unlistable, before anything is opened or scanned. */
export function checkRoots(config: Config): void {
  checkRoot('left', config.left);
  checkRoot('right', config.right);
}
