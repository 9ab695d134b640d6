import type { Action, ActionResult, CopyAction } from '../model/action.js';
import type { Side } from '../model/side.js';
import { handlerFor } from './actions/index.js';
import { absPath } from './paths.js';
import { splitPhases, type Phase } from './phases.js';
import { runPool } from './pool.js';
import { runWithRetry } from './retry.js';
import type { ActionEnv, ExecContext, SideIo } from './types.js';

const DEFAULT_DELETE_CONCURRENCY = 4;

/**
 * executePlan performs an ordered plan phase by phase and returns one result per action, in plan order.
 * A failed action never stops the others, and a per-path problem never throws: it is a result.
 */
export async function executePlan(actions: readonly Action[], ctx: ExecContext): Promise<ActionResult[]> {
  const env = makeEnv(ctx);
  const results: ActionResult[] = new Array(actions.length);
  let callbackError: unknown = null;
  const settle = async (i: number): Promise<void> => {
    const result = await runWithRetry(actions[i], env, handlerFor(actions[i]));
    results[i] = result;
    try {
      ctx.onResult?.(result);
    } catch (err) {
      // The caller's bug must surface, but only once every action has settled.
      callbackError ??= err;
    }
  };
  const { phases, noIo } = splitPhases(actions);
  for (const i of noIo) await settle(i);
  for (const phase of phases) await runPhase(phase, actions, ctx, settle);
  if (callbackError !== null) throw callbackError;
  return results;
}

/** Each phase is a barrier: the next starts only when every action of this one has settled. */
async function runPhase(phase: Phase, actions: readonly Action[], ctx: ExecContext, settle: (i: number) => Promise<void>) {
  switch (phase.name) {
    case 'copy': {
      const isLarge = (i: number) => (actions[i] as CopyAction).size > ctx.largeFileBytes;
      // Large files get their own lane, one at a time, so they never hold the small ones up.
      await Promise.all([
        runPool(phase.indexes.filter((i) => !isLarge(i)), ctx.concurrency, settle),
        runPool(phase.indexes.filter(isLarge), 1, settle),
      ]);
      return;
    }
    case 'delete':
      return runPool(phase.indexes, ctx.deleteConcurrency ?? DEFAULT_DELETE_CONCURRENCY, settle);
    // Renames and mkdirs depend on each other's results (parents first), rmdirs go deepest first.
    case 'rename':
    case 'mkdir':
    case 'rmdir':
      return runPool(phase.indexes, 1, settle);
  }
}

function makeEnv(ctx: ExecContext): ActionEnv {
  const sides = new Map<Side, SideIo>();
  for (const side of ['left', 'right'] as const) {
    const root = ctx.roots[side];
    sides.set(side, { side, fs: ctx.fs[side], root, abs: (rel) => absPath(root, rel) });
  }
  return { ctx, io: (side) => sides.get(side)! };
}
