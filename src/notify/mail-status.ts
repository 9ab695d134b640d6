import type { Config } from '../config/config.js';
import { plural } from './format.js';
import { outboxOf } from './flush.js';
import { readRelay, relayKey, relayLabel, relayWaitUntil } from './relay.js';

/** MailStatus is what `syncwarden status` shows of the outbox: what waits, the server's backoff, what was set aside. */
export interface MailStatus {
  enabled: boolean;
  waiting: number;
  /** Waiting messages handed over once without an answer: they may have arrived already. */
  unsure: number;
  oldest: string | null;
  /** The configured server when its last try failed. */
  server: { name: string; failures: number; since: string; nextTryAt: string | null; lastError: string } | null;
  setAsideDir: string;
  setAside: { file: string; kind: string; subject: string; createdAt: string; at: string | null; why: string; answer: string }[];
}

const LISTED = 5;

/** mailStatus reads the outbox of a config (read only). */
export async function mailStatus(config: Pick<Config, 'stateDir' | 'email'>, now = new Date()): Promise<MailStatus> {
  const outbox = outboxOf(config);
  const [{ entries }, { entries: kept }, relay] = await Promise.all([outbox.list(), outbox.listSetAside(), readRelay(outbox.dir)]);
  const key = relayKey(config.email.smtp);
  const until = relayWaitUntil(relay, key, now);
  return {
    enabled: config.email.enabled,
    waiting: entries.length,
    unsure: entries.filter((e) => e.unsure).length,
    oldest: entries[0]?.createdAt ?? null,
    server: relay?.server === key
      ? { name: relayLabel(key), failures: relay.failures, since: relay.since, nextTryAt: until?.toISOString() ?? null, lastError: relay.lastError }
      : null,
    setAsideDir: outbox.failedDir,
    setAside: kept.map((e) => ({
      file: e.file, kind: e.kind, subject: e.message.subject, createdAt: e.createdAt,
      at: e.setAside?.at ?? null, why: e.setAside?.why ?? 'unknown', answer: e.setAside?.answer ?? e.lastError ?? '',
    })),
  };
}

/** renderMailStatus writes the mail section of `syncwarden status`: one line, plus the set-aside messages if any. */
export function renderMailStatus(s: MailStatus): string {
  const lines = [`mail: ${queueLine(s)}`];
  if (s.setAside.length) {
    lines.push(`mail set aside (not sent again; ${s.setAsideDir}): ${s.setAside.length}`);
    for (const e of s.setAside.slice(-LISTED)) lines.push(`  ${e.at ?? e.createdAt} ${e.kind} "${e.subject}": ${whyWords(e.why, e.answer)}`);
    if (s.setAside.length > LISTED) lines.push(`  … and ${s.setAside.length - LISTED} older`);
  }
  return `${lines.join('\n')}\n`;
}

function queueLine(s: MailStatus): string {
  if (!s.waiting) return s.enabled || s.setAside.length ? 'nothing waiting in the outbox' : 'off (email.enabled is false)';
  const unsure = s.unsure ? `, ${s.unsure} of them may have arrived already` : '';
  const queue = `${s.waiting} waiting in the outbox (oldest ${s.oldest}${unsure})`;
  if (!s.server) return queue;
  const next = s.server.nextTryAt ? `next try after ${s.server.nextTryAt}` : 'next try with the next pass';
  return `${queue}; server ${s.server.name} failing since ${s.server.since}, ${plural(s.server.failures, 'failed try', 'failed tries')}, ${next} (last: ${s.server.lastError})`;
}

function whyWords(why: string, answer: string): string {
  if (why === 'refused') return `refused: ${answer}`;
  if (why === 'unsure') return `sent? (outcome unknown: ${answer}; it may have arrived)`;
  if (why === 'expired') return `deferred too long, given up: ${answer}`;
  return answer || 'set aside';
}
