import type { Config } from '../config/config.js';
import type { Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import { SIDES, type Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';
import { TreeAssembler } from './assemble.js';
import { ignoreRules, ignoreSpecOf, type IgnoreSpec } from './ignore.js';
import type { Columns } from './columns.js';
import { checkRoot, walkSync, type WalkOutcome, type WalkSpec } from './walk.js';
import { walkInWorker } from './walk-pool.js';
import { checkRootThrough, walkPort } from './walk-port.js';

export { warmScanWorkers } from './walk-pool.js';

/**
 * ScanOptions say which root to list and how: through `fs` when it is given and not the native disk;
 * otherwise on a worker thread, or with `inline` on the calling thread (blocking it).
 */
export interface ScanOptions {
  side: Side;
  root: string;
  caseInsensitive: boolean;
  ignore: IgnoreSpec;
  inline?: boolean;
  fs?: FsPort;
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
  const spec: WalkSpec = { side: opts.side, root: opts.root, caseInsensitive: opts.caseInsensitive, ignore: ignoreRules(opts.ignore) };
  const assembler = new TreeAssembler();
  const add = (batch: Columns) => assembler.add(batch);
  const outcome = await walk(spec, add, opts);
  const { tree, files, dirs } = assembler;
  return { side: opts.side, tree, problems: outcome.problems, incomplete: outcome.incomplete, temps: outcome.temps, files, dirs, ms: performance.now() - t0 };
}

/**
 * The native disk is walked with synchronous node:fs calls on a worker thread (walk.ts: 3-4x faster than
 * async calls), and a worker cannot be handed a port object. Any other port (the case-insensitive decorator
 * that gives tests Windows name semantics, fault injection) is walked through its own calls on this thread
 * (walk-port.ts), by the same listing code: so tests see a whole pass through one port, and the real scan
 * keeps its fast path. A port that rebuilt itself inside the worker would need a synchronous twin of every
 * decorator, which could drift from the one the executor uses.
 */
function walk(spec: WalkSpec, add: (batch: Columns) => void, opts: ScanOptions): Promise<WalkOutcome> | WalkOutcome {
  if (opts.fs && !opts.fs.native) return walkPort(spec, opts.fs, add);
  return opts.inline ? walkSync(spec, add) : walkInWorker(spec, add);
}

/** scanBoth lists both roots concurrently, one worker thread each (or through `fs`, see walk). */
export async function scanBoth(config: Config, fs?: Record<Side, FsPort>): Promise<{ left: ScanResult; right: ScanResult }> {
  const opts = (side: Side): ScanOptions => ({ ...scanOptionsOf(config, side), fs: fs?.[side] });
  const [left, right] = await Promise.all([scanSide(opts('left')), scanSide(opts('right'))]);
  return { left, right };
}

/**
 * checkRoots stops (SafetyStop) when a root is missing, not a folder or unlistable, before anything is opened or
 * scanned; through `fs` when it is not the native disk, as the scan.
 */
export async function checkRoots(config: Config, fs?: Record<Side, FsPort>): Promise<void> {
  for (const side of SIDES) {
    const port = fs?.[side];
    if (port && !port.native) await checkRootThrough(side, config[side], port);
    else checkRoot(side, config[side]);
  }
}
