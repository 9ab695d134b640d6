import type { Config } from '../config/config.js';
import { checkRoot } from '../service/roots.js';
import { clientToken } from '../service/http-access.js';
import { askService } from '../service/service-file.js';
import { verdict, type Verdict } from '../service/verdict.js';
import type { StateStore } from '../state/store.js';
import type { RunInfo } from '../state/types.js';
import { localTime } from '../text/units.js';

/** SyncStatus answers "is everything in sync?" for `status`: from the running service, or from the state file. */
export interface SyncStatus {
  /** The first line `status` prints: `in sync…` or `not in sync: …`. */
  line: string;
  inSync: boolean;
  why: string[];
  /** The running service's /status, or null when none answered (the answer then comes from the state file). */
  service: Record<string, unknown> | null;
}

/**
 * syncStatus asks the running service of this state folder (its /status) and falls back to what the state file
 * and the roots say now: the last pass's outcome, failures and open conflicts, and whether both roots can be listed.
 */
export async function syncStatus(config: Config, store: StateStore, lastRun: RunInfo | null): Promise<SyncStatus> {
  const answer = await askService(config.stateDir, '/status', { timeoutMs: 3000, token: clientToken(config) });
  if (answer?.status === 200 && typeof answer.body === 'object' && answer.body !== null) {
    const body = answer.body as Record<string, unknown> & { summary?: string; inSync?: boolean; why?: string[] };
    return { line: String(body.summary), inSync: !!body.inSync, why: body.why ?? [], service: body };
  }
  const v: Verdict = verdict({
    roots: (['left', 'right'] as const).flatMap((side) => {
      const trouble = checkRoot(side, config[side], store.base.size > 0);
      return trouble ? [trouble.message] : [];
    }),
    stop: lastRun?.exitCode === 3 ? `a safety stop at ${localTime(lastRun.end)} (see syncwarden status, history)` : null,
    starting: !store.hasBase,
    waiting: 0, copies: 0, bytes: 0,
    failed: lastRun?.counts.failed ?? 0,
    openConflicts: store.openConflicts().length,
  });
  const since = lastRun ? `as of the last pass at ${localTime(lastRun.end)}` : 'no pass has run yet';
  return { line: `${v.line} (${since}; no service is running)`, inSync: v.inSync, why: v.why, service: null };
}
