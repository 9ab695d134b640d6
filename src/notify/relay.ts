import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SmtpSettings } from './mail.js';

/**
 * RelayState is the one backoff state of the mail server, kept in the outbox folder: a dead server is tried once
 * per backoff step, not once per message and pass.
 */
export interface RelayState {
  /** relayKey of the server it is about; another host, port or login starts afresh. */
  server: string;
  /** Failed flushes in a row. */
  failures: number;
  since: string;
  lastTryAt: string;
  nextTryAt: string;
  lastError: string;
}

const RELAY_FILE = '.relay.json';
const BACKOFF_BASE_MS = 60_000;

/**
 * RELAY_BACKOFF_CAP_MS bounds the wait between tries of a failing server. Short enough that mail waiting through
 * an outage (the safety alert first) goes out within half an hour of the server's return; long enough that a
 * server dead for days costs one time-out per half hour.
 */
export const RELAY_BACKOFF_CAP_MS = 30 * 60_000;

/** relayBackoffMs is the wait after the n-th failed flush in a row: 1 min, 2, 4, … doubling, at most 30 min. */
export function relayBackoffMs(failures: number): number {
  return Math.min(RELAY_BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}

/** relayKey names a server with the login used on it, `user@host:port` (`@host:port` without a login). */
export function relayKey(smtp: Pick<SmtpSettings, 'host' | 'port' | 'user'>): string {
  return `${smtp.user ?? ''}@${smtp.host}:${smtp.port}`;
}

/**
 * relayWaitUntil is when the server may be tried again, or null when it may be tried now: no state, another server,
 * backoff over, or a wait longer than any backoff (the clock was set back).
 */
export function relayWaitUntil(state: RelayState | null, key: string, now: Date): Date | null {
  if (!state || state.server !== key) return null;
  const wait = Date.parse(state.nextTryAt) - now.getTime();
  return wait > 0 && wait <= RELAY_BACKOFF_CAP_MS ? new Date(state.nextTryAt) : null;
}

/** nextRelayState is the state after one more failed flush against `key` (a failure on another server starts at one). */
export function nextRelayState(prev: RelayState | null, key: string, cause: string, now: Date): RelayState {
  const same = prev?.server === key ? prev : null;
  const failures = (same?.failures ?? 0) + 1;
  return {
    server: key, failures, since: same?.since ?? now.toISOString(), lastTryAt: now.toISOString(),
    nextTryAt: new Date(now.getTime() + relayBackoffMs(failures)).toISOString(), lastError: cause,
  };
}

/** readRelay reads the server's backoff state from the outbox folder; null when none or unreadable (try now). */
export async function readRelay(dir: string): Promise<RelayState | null> {
  try {
    const state = JSON.parse(await readFile(join(dir, RELAY_FILE), 'utf8')) as RelayState;
    return typeof state.server === 'string' && typeof state.nextTryAt === 'string' ? state : null;
  } catch {
    return null;
  }
}

/** writeRelay stores the backoff state (temp file + rename). */
export async function writeRelay(dir: string, state: RelayState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${RELAY_FILE}`);
  await writeFile(tmp, JSON.stringify(state, null, 1));
  await rename(tmp, join(dir, RELAY_FILE));
}

/** clearRelay forgets the backoff once the server accepted a message. */
export async function clearRelay(dir: string): Promise<void> {
  await rm(join(dir, RELAY_FILE), { force: true });
}

/** relayLabel writes a relay key for people: `host:port`, with ` as user` when there is a login. */
export function relayLabel(key: string): string {
  const at = key.lastIndexOf('@', key.lastIndexOf(':'));
  const user = key.slice(0, at);
  return `${key.slice(at + 1)}${user ? ` as ${user}` : ''}`;
}
