import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { ActionResult, RestoreAction } from '../model/action.js';
import type { Stamp } from '../model/entry.js';
import { InputError, SafetyStop } from '../model/errors.js';
import { toKey } from '../model/key.js';
import { SIDES, type Side } from '../model/side.js';
import { sentinelStop } from '../plan/guard.js';
import type { FsPort, FsStat } from '../ports/fs.js';
import { silentLogger, type Logger } from '../ports/log.js';
import { nodeFsSides } from '../ports/node-fs.js';
import { executePlan } from '../execute/executor.js';
import { absPath, joinRel } from '../execute/paths.js';
import { checkRoots } from '../scan/scanner.js';
import { StateStore } from '../state/store.js';
import { auditResult } from '../app/audit.js';
import { execContextOf } from '../app/execute.js';
import { stamp } from '../app/sync-pass.js';
import { TEMP_PREFIX } from '../config/config.js';
import { keyOfPath, listVersions, pickVersion } from './list.js';
import { VersionRecorder } from './record.js';
import type { RestoreContext, RestoreOptions, RestoreOutcome, RestoreStep, RestoreTarget, Version } from './types.js';

const TARGETS: readonly RestoreTarget[] = ['left', 'right', 'both'];

/** OnDisk is what a side holds at a path's key: its spelling there (or the wanted one) and its stat. */
interface OnDisk {
  rel: string;
  stat: FsStat | null;
}

/**
 * findByKey finds how a side spells a path: each folder and the name are looked up among the folder's entries by
 * key (case-folded when caseInsensitive, NFC), the exact spelling first. A case-insensitive disk would find any
 * spelling by stat alone, but the restore must write over the spelling the disk has. What is missing keeps the
 * wanted spelling, so a restore into a folder that exists as `docs` does not make a second `Docs`.
 */
export async function findByKey(fs: FsPort, root: string, rel: string, caseInsensitive: boolean): Promise<OnDisk> {
  const segments = rel.split('/');
  let dir = '';
  for (let i = 0; i < segments.length; i++) {
    let name = segments[i];
    let stat = caseInsensitive ? null : await fs.stat(absPath(root, joinRel(dir, name)));
    if (stat === null) {
      const key = toKey(segments[i], caseInsensitive);
      const entries = await fs.readdir(dir === '' ? root : absPath(root, dir)).catch(() => []);
      const hit = entries.find((e) => e.name === name) ?? entries.find((e) => toKey(e.name, caseInsensitive) === key);
      if (hit) {
        name = hit.name;
        stat = await fs.stat(absPath(root, joinRel(dir, name)));
      }
    }
    dir = joinRel(dir, name);
    if (stat === null) return { rel: joinRel(dir, segments.slice(i + 1).join('/')).replace(/\/$/, ''), stat: null };
    if (i < segments.length - 1 && stat.type !== 'dir') {
      throw new InputError([{ file: '(command line)', field: 'PATH', expected: `a path whose folders are folders; ${dir} is a ${stat.type}`, found: rel }]);
    }
    if (i === segments.length - 1) return { rel: dir, stat };
  }
  return { rel, stat: null };
}

function checkTarget(to: unknown): RestoreTarget | undefined {
  if (to === undefined) return undefined;
  if (typeof to === 'string' && (TARGETS as readonly string[]).includes(to)) return to as RestoreTarget;
  throw new InputError([{ file: '(command line)', field: '--to', expected: 'left, right or both', found: String(to) }]);
}

/**
 * guardRestore applies a pass's root guards to a restore (SPEC §6), after checkRoots (both roots listable):
 * the sentinel on both, and no root empty when the last sync saw files there (an unmounted drive's empty mount point).
 */
async function guardRestore(config: Config, fs: Record<Side, FsPort>, store: StateStore): Promise<void> {
  if (config.safety.sentinel !== null) {
    const sentinel = toKey(config.safety.sentinel, config.caseInsensitive);
    const present: Record<Side, boolean> = { left: false, right: false };
    for (const side of SIDES) present[side] = (await findByKey(fs[side], config[side], sentinel, config.caseInsensitive)).stat !== null;
    const stop = sentinelStop(sentinel, { left: () => present.left, right: () => present.right });
    if (stop) throw new SafetyStop(stop.reason, stop.message, { ...stop });
  }
  let baseHasFiles = false;
  for (const rec of store.base.values()) if (rec.type === 'file') (baseHasFiles = true);
  if (!baseHasFiles) return;
  for (const side of SIDES) {
    const names = (await fs[side].readdir(config[side])).map((e) => e.name);
    const held = names.filter((n) => n !== config.softDelete.folder && !n.startsWith(TEMP_PREFIX));
    if (!held.length) {
      const message = `the ${side} root ${config[side]} is empty but held files at the last sync (is the drive mounted?); nothing restored`;
      throw new SafetyStop('rootEmpty', message, { side, path: config[side] });
    }
  }
}

function stampOfStat(stat: FsStat | null): Stamp {
  return stat ? { type: stat.type === 'dir' ? 'dir' : 'file', size: stat.size, mtimeMs: stat.mtimeMs } : null;
}

/** sameAs tells whether a side already holds the version: a file of its size and mtime (as the sync itself judges). */
function sameAs(stat: FsStat | null, v: Version, toleranceMs: number): boolean {
  return stat?.type === 'file' && stat.size === v.size && Math.abs(stat.mtimeMs - v.mtimeMs) < Math.max(1, toleranceMs);
}

/** planRestore decides, per side, whether to write the version and over what. */
async function planRestore(config: Config, fs: Record<Side, FsPort>, v: Version, sides: readonly Side[], path: string) {
  const actions: RestoreAction[] = [];
  const steps: RestoreStep[] = [];
  for (const side of sides) {
    const cur = await findByKey(fs[side], config[side], v.path, config.caseInsensitive);
    if (cur.stat && cur.stat.type !== 'file') {
      throw new InputError([{ file: '(command line)', field: 'PATH', expected: `a file on ${side}, or nothing there; ${cur.rel} is a ${cur.stat.type} (rename it first)`, found: path }]);
    }
    if (sameAs(cur.stat, v, config.mtimeToleranceMs)) {
      steps.push({ side, path: cur.rel, outcome: 'same', previous: 'kept' });
      continue;
    }
    actions.push({
      kind: 'restore', key: v.key, ruleId: 'restore', side, from: v.side, srcRel: v.trashPath, rel: cur.rel, size: v.size,
      reason: `restore ${v.id}: ${v.side}'s ${v.path} as it was ${v.reason} at ${v.ts}`,
      expectSrc: { type: 'file', size: v.size, mtimeMs: v.mtimeMs }, expectDst: stampOfStat(cur.stat),
      // Never lost, whatever its size or softDelete says: the admin can undo a restore from the trash.
      trashOverwritten: true,
    });
    steps.push({ side, path: cur.rel, outcome: 'planned', previous: cur.stat ? 'trash' : 'absent' });
  }
  return { actions, steps };
}

function stepOf(result: ActionResult, planned: RestoreStep): RestoreStep {
  if (!result.ok) return { ...planned, outcome: 'failed', error: { code: result.code ?? 'EUNKNOWN', message: result.message ?? '' } };
  return { ...planned, outcome: 'restored', ...(result.trashedTo !== undefined ? { trashedTo: result.trashedTo } : {}) };
}

/**
 * restoreVersion writes a version from the trash onto the chosen side(s) through the executor (temp file and
 * rename, both ends re-checked); what was there goes to this run's trash first, as a version of its own. The
 * base is not touched, so the next pass syncs the restored file like any edit (with `--to both`, both sides
 * then agree and it is recorded in sync). Bad input throws InputError and a root guard SafetyStop, both
 * before anything is touched; the state lock is taken unless the caller passes its open store.
 */
export async function restoreVersion(ctx: RestoreContext, path: string, opts: RestoreOptions = {}): Promise<RestoreOutcome> {
  const { config } = ctx;
  const log: Logger = ctx.log ?? silentLogger();
  const fs = ctx.fs ?? nodeFsSides();
  const target = checkTarget(opts.to);
  keyOfPath(config, path);
  // A missing root first: its trash cannot be read, and that is a stop (exit 3), not an unknown version.
  await checkRoots(config, fs);
  const version = pickVersion(await listVersions(ctx, path), opts.version, path);
  const to = target ?? version.side;
  const sides = to === 'both' ? SIDES : [to];
  const now = ctx.now?.() ?? new Date();
  const runId = ctx.runId ?? `restore-${stamp(now)}-${randomUUID().slice(0, 8)}`;
  const store = ctx.store ?? (await StateStore.open(config.stateDir, { readOnly: !!opts.dryRun, log }));
  try {
    await guardRestore(config, fs, store);
    const plan = await planRestore(config, fs, version, sides, path);
    const outcome: RestoreOutcome = { path: version.path, version, to, dryRun: !!opts.dryRun, ok: true, runId, steps: plan.steps };
    if (opts.dryRun || !plan.actions.length) return outcome;
    const recorder = new VersionRecorder(config.stateDir, config.caseInsensitive, log);
    const onResult = (result: ActionResult) => {
      auditResult(log, result);
      recorder.add(result);
    };
    const results = await log.runWith(runId, async () => {
      try {
        return await executePlan(plan.actions, execContextOf(config, now, fs, onResult));
      } finally {
        recorder.flush();
      }
    });
    const bySide = new Map(results.map((r) => [(r.action as RestoreAction).side, r]));
    outcome.steps = plan.steps.map((s) => (bySide.has(s.side) ? stepOf(bySide.get(s.side)!, s) : s));
    outcome.ok = outcome.steps.every((s) => s.outcome !== 'failed');
    return outcome;
  } finally {
    if (!ctx.store) await store.close();
  }
}
