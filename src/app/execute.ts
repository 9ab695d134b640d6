import type { Config } from '../config/config.js';
import { MIB } from '../config/config.js';
import { actionKeys, type Action, type ActionResult } from '../model/action.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import { executePlan } from '../execute/executor.js';
import type { ExecContext } from '../execute/types.js';
import type { FsPort } from '../ports/fs.js';
import { silentLogger, type Logger } from '../ports/log.js';
import { nodeFsSides } from '../ports/node-fs.js';
import type { Side } from '../model/side.js';
import { compileIgnore, ignoreSpecOf } from '../scan/ignore.js';
import { noteRespelling, respelledAfter } from '../plan/respell.js';
import { baseUpdates } from '../state/base.js';
import type { StateStore } from '../state/store.js';
import { VersionRecorder } from '../versions/record.js';
import { auditResult } from './audit.js';
import { stamp } from './sync-pass.js';

/** ExecuteOptions: progress as each action settles, where its audit line goes, each root's port (native by default). */
export interface ExecuteOptions {
  onProgress?: (done: ActionResult, total: number) => void;
  log?: Logger;
  fs?: Record<Side, FsPort>;
  /** Stops starting actions and aborts copies in flight (the service stopping). */
  signal?: AbortSignal;
  /**
   * Called once a key's base record is committed: its fact is no longer needed by the commit, so a caller that
   * needs it no later either can let it go (a first copy holds a fact per path otherwise, all at once).
   */
  onCommitted?: (key: Key) => void;
  /**
   * False: a result lets go of its observed records once they are in the base (only a `--json` report prints
   * them; a 90k-file first copy held 180k of them to its end). Default true.
   */
  keepObserved?: boolean;
}

/**
 * executeAndCommit runs the plan and updates each key's base record as soon as every action touching that
 * key has finished, so a long first sync killed halfway keeps what it did (flushes are batched by the store).
 * Every action that touched a disk, or recorded a conflict, is written to the log as it settles.
 */
export async function executeAndCommit(
  actions: Action[], facts: ReadonlyMap<Key, PathFact>, store: StateStore, config: Config, now: Date,
  { onProgress, log = silentLogger(), fs = nodeFsSides(), signal, onCommitted, keepObserved = true }: ExecuteOptions = {},
): Promise<ActionResult[]> {
  const pending = new Map<Key, number>();
  for (const action of actions) for (const key of actionKeys(action)) pending.set(key, (pending.get(key) ?? 0) + 1);
  const byKey = new Map<Key, ActionResult[]>();
  // Every file this run sends to the trash becomes a listed version of its path (syncwarden versions).
  const versions = new VersionRecorder(config.stateDir, config.caseInsensitive, log);
  const ignore = compileIgnore(ignoreSpecOf(config));
  // Folders respelled so far (the rename phase runs before anything inside them is created or copied).
  const respelled = respelledAfter([]);
  const onResult = (result: ActionResult) => {
    auditResult(log, result);
    versions.add(result);
    if (result.ok) noteRespelling(respelled, result.action);
    onProgress?.(result, actions.length);
    for (const key of actionKeys(result.action)) {
      const list = byKey.get(key) ?? [];
      list.push(result);
      byKey.set(key, list);
      const left = (pending.get(key) ?? 1) - 1;
      pending.set(key, left);
      if (left > 0) continue;
      const update = baseUpdates(facts, list, respelled);
      if (update.has(key)) store.setBase(key, update.get(key) ?? null);
      byKey.delete(key);
      pending.delete(key);
      onCommitted?.(key);
      // A rename touches two keys: its records go only when the other key is committed too.
      if (!keepObserved) for (const r of list) if (actionKeys(r.action).every((k) => !pending.has(k))) r.observed = [];
    }
    store.scheduleFlush();
  };
  try {
    return await executePlan(actions, execContextOf(config, now, fs, onResult, signal));
  } finally {
    versions.flush();
  }
}

/** execContextOf is the executor's context for a config: roots, trash of this run, concurrency, retries. */
export function execContextOf(config: Config, now: Date, fs: Record<Side, FsPort>, onResult: (result: ActionResult) => void, signal?: AbortSignal): ExecContext {
  const ignore = compileIgnore(ignoreSpecOf(config));
  return {
    roots: { left: config.left, right: config.right },
    fs,
    trash: { folder: config.softDelete.folder, stamp: stamp(now) },
    concurrency: config.transfer.concurrency,
    largeFileBytes: config.transfer.largeFileMB * MIB,
    hashSides: config.hash.enabled ? config.hash.sides : [],
    retry: { attempts: 4, baseMs: 250 },
    isIgnoredName: (name: string) => ignore.name(name, name),
    onResult,
    ...(signal ? { signal } : {}),
  };
}
