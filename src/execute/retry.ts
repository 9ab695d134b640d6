import type { Action, ActionResult } from '../model/action.js';
import { errorCode, errorMessage, failResult } from './results.js';
import type { ActionEnv, Handler } from './types.js';

/** What Office, antivirus and the indexer cause on Windows, and what passes: worth waiting for. */
export const LOCK_CODES: ReadonlySet<string> = new Set(['EBUSY', 'EPERM', 'EACCES', 'EAGAIN']);

/** backoffMs is the wait before try `attempt + 1`: baseMs, doubled each time, capped at maxMs. */
export function backoffMs(attempt: number, baseMs: number, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/**
 * runWithRetry runs a handler until it settles. Locks are retried with backoff (the whole action again:
 * its prechecks re-read the disk, so a retry never acts on a stale view); every other error becomes a
 * failed result. It never throws.
 */
export async function runWithRetry(action: Action, env: ActionEnv, handler: Handler): Promise<ActionResult> {
  const { attempts, baseMs, maxMs } = env.ctx.retry;
  const signal = env.ctx.signal;
  if (signal?.aborted) return failResult(action, 'aborted', 'the pass was stopped before this action started');
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await handler(action, env);
      return attempt > 1 ? { ...result, attempts: attempt } : result;
    } catch (err) {
      const code = errorCode(err);
      const tries = attempt > 1 ? ` (after ${attempt} tries)` : '';
      if (!LOCK_CODES.has(code) || attempt >= attempts || signal?.aborted) {
        const failed = failResult(action, code, errorMessage(err) + tries);
        return attempt > 1 ? { ...failed, attempts: attempt } : failed;
      }
      await sleep(backoffMs(attempt, baseMs, maxMs), signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
