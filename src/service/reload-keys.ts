import type { Config } from '../config/config.js';

/**
 * LIVE_KEYS are the config keys a running service applies from an edited file, between two passes: each is read
 * where it is used (a pass, a copy, a mail, a log line), or its user is re-armed on apply (the schedules, the
 * policy decider, the log level). A key is named with its dotted path; a prefix covers everything below it.
 */
export const LIVE_KEYS: readonly string[] = [
  'policies', 'conflicts', 'mtimeToleranceMs', 'hash',
  'softDelete.enabled', 'softDelete.maxSizeMB', 'softDelete.onOverwrite', 'softDelete.retentionDays',
  'safety', 'state', 'watch.debounceMs', 'scan.fullRescanCron', 'transfer', 'email', 'log.level', 'log.eventLog',
];

/**
 * RESTART_REASONS say, for the keys that are not live, why a running service keeps its old value until it is
 * restarted: what it opened or read once at start with that value.
 */
export const RESTART_REASONS: Readonly<Record<string, string>> = {
  left: 'the watchers, the listings in memory and the state belong to the roots it started with',
  right: 'the watchers, the listings in memory and the state belong to the roots it started with',
  stateDir: 'the service holds the state and its lock for its whole life',
  caseInsensitive: 'every key of the state and of the listings in memory is spelled by it',
  ignore: 'the listings in memory were read with the ignore rules of the start',
  ignoreDefaults: 'the listings in memory were read with the ignore rules of the start',
  'softDelete.folder': 'the listings in memory leave out the trash folder of the start',
  watch: 'the watchers are started once',
  scan: 'the listings in memory were read with it',
  health: 'the endpoint is open on the host and port of the start',
  log: 'the log file is open where and as the start said',
};

/** ReloadPlan is what an edited config changes against the running one: keys applied live, keys waiting for a restart. */
export interface ReloadPlan {
  live: string[];
  restart: string[];
}

/** planReload compares the running config with an edited one, leaf by leaf (an array is one leaf). */
export function planReload(running: Config, edited: Config): ReloadPlan {
  const plan: ReloadPlan = { live: [], restart: [] };
  for (const path of changedLeaves(running, edited, '')) {
    if (path === 'file') continue;
    (isLive(path) ? plan.live : plan.restart).push(path);
  }
  return plan;
}

/** isLive tells whether a dotted config key is applied by a running service. */
export function isLive(path: string): boolean {
  return LIVE_KEYS.some((k) => covers(k, path));
}

/** restartReason is why a running service keeps its old value of a key (the most specific reason given). */
export function restartReason(path: string): string {
  const key = Object.keys(RESTART_REASONS).filter((k) => covers(k, path)).sort((a, b) => b.length - a.length)[0];
  return key ? RESTART_REASONS[key] : 'it is read once at start';
}

/** applyLive writes the live keys' values of `edited` into `running`, in place: every part of the service holds that object. */
export function applyLive(running: Config, edited: Config, live: readonly string[]): void {
  for (const path of live) {
    const parts = path.split('.');
    const leaf = parts.pop()!;
    let to = running as unknown as Record<string, unknown>;
    let from = edited as unknown as Record<string, unknown>;
    let whole = false;
    for (const p of parts) {
      // A parent the running config lacks (never, with every default applied) is taken whole.
      if (!isPlain(to[p])) {
        to[p] = structuredClone(from[p]);
        whole = true;
        break;
      }
      to = to[p] as Record<string, unknown>;
      from = from[p] as Record<string, unknown>;
    }
    if (!whole) to[leaf] = structuredClone(from[leaf]);
  }
}

/** valueAt reads a dotted key of a config, for the words of a log line. */
export function valueAt(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((v, p) => (isPlain(v) ? v[p] : undefined), config);
}

function covers(key: string, path: string): boolean {
  return path === key || path.startsWith(`${key}.`);
}

function changedLeaves(a: unknown, b: unknown, at: string): string[] {
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedLeaves(a[k], b[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
