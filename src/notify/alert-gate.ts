import { readFile, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** AlertMark remembers the last safety stop that was mailed. */
export interface AlertMark {
  /** `<reason>/<side>`: the same cause on the same side. */
  key: string;
  sentAt: string;
}

/**
 * ALERT_REPEAT_MS is how often a stop that persists is mailed again. A service retries a stopped pass every few
 * minutes: an unmounted drive over a weekend must not mean hundreds of identical mails, nor only one that is missed.
 */
export const ALERT_REPEAT_MS = 6 * 3_600_000;

const MARK_FILE = '.last-alert.json';

/** alertKey names the cause of a stop: reason and side. */
export function alertKey(reason: string, side: string | null): string {
  return `${reason}/${side ?? '-'}`;
}

/** shouldAlert tells whether a stop is mailed: always, unless the same cause was mailed less than ALERT_REPEAT_MS ago. */
export function shouldAlert(mark: AlertMark | null, key: string, now: Date): boolean {
  if (!mark || mark.key !== key) return true;
  const age = now.getTime() - Date.parse(mark.sentAt);
  return !(age >= 0 && age < ALERT_REPEAT_MS);
}

/** readAlertMark reads the last alert mailed from the outbox folder; null when none (or unreadable: alert again). */
export async function readAlertMark(dir: string): Promise<AlertMark | null> {
  try {
    const mark = JSON.parse(await readFile(join(dir, MARK_FILE), 'utf8')) as AlertMark;
    return typeof mark.key === 'string' && typeof mark.sentAt === 'string' ? mark : null;
  } catch {
    return null;
  }
}

/** writeAlertMark records that an alert for `key` was queued now (temp file + rename). */
export async function writeAlertMark(dir: string, key: string, now: Date): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${MARK_FILE}`);
  await writeFile(tmp, JSON.stringify({ key, sentAt: now.toISOString() } satisfies AlertMark));
  await rename(tmp, join(dir, MARK_FILE));
}

/** clearAlertMark forgets the last alert once a pass got through, so the next stop is mailed at once. */
export async function clearAlertMark(dir: string): Promise<void> {
  await rm(join(dir, MARK_FILE), { force: true });
}
