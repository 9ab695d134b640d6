import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../ports/log.js';
import { plural } from './format.js';
import { classifySendError, createMailer, describeSmtpError, serverAnswer, type Mailer, type SentInfo, type SmtpSettings } from './mail.js';
import { deliveryOrder, messageIdOf, Outbox, OUTBOX_DIR, type OutboxEntry } from './outbox.js';
import { clearRelay, nextRelayState, readRelay, relayKey, relayLabel, relayWaitUntil, writeRelay, type RelayState } from './relay.js';
import type { MailMessage } from './types.js';

/** FlushDeps are the edges a flush uses; tests swap the clock, the environment or the mailer. */
export interface FlushDeps {
  log: Logger;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  mailer?: (smtp: SmtpSettings, env: NodeJS.ProcessEnv) => Mailer;
}

/** FlushResult counts what one flush did: delivered, tries that failed (kept), set aside for good, still waiting. */
export interface FlushResult {
  sent: number;
  failed: number;
  setAside: number;
  waiting: number;
}

/** RESEND_HEADER marks a message sent again after a try whose outcome is unknown (it may have arrived already). */
export const RESEND_HEADER = 'X-Syncwarden-Resend';

/** flushBudgetMs is how long a whole flush may take: twice the SMTP time-out, so a dead server costs seconds, not minutes. */
export function flushBudgetMs(smtp: Pick<SmtpSettings, 'timeoutMs'>): number {
  return 2 * smtp.timeoutMs;
}

/** outboxOf is the outbox of a config: `<stateDir>/outbox`. */
export function outboxOf(config: Pick<Config, 'stateDir'>): Outbox {
  return new Outbox(join(config.stateDir, OUTBOX_DIR));
}

/** Flush is one flush in progress: where it sends to and what it did so far. */
interface Flush {
  config: Config;
  outbox: Outbox;
  deps: FlushDeps;
  clock: () => Date;
  key: string;
  result: FlushResult;
  /** The last 4xx a message got, when no message got through: the server is then backed off too. */
  deferred: string | null;
}

/** Stop is why a flush ended early because of the server: its cause, and whether a message may have arrived. */
interface Stop {
  cause: string;
  subject: string;
  unsure: boolean;
}

/**
 * flushOutbox sends the outbox within flushBudgetMs: alerts first, then oldest first, one after the other while the
 * server accepts. A server that fails is backed off as a whole (relay.ts): while it waits, a flush costs nothing.
 * A refused message is set aside in `failed/`; one handed over without an answer is sent once more, then set aside.
 * Failures are logged, never thrown.
 */
export async function flushOutbox(config: Config, deps: FlushDeps): Promise<FlushResult> {
  const outbox = outboxOf(config);
  const result: FlushResult = { sent: 0, failed: 0, setAside: 0, waiting: 0 };
  const budget = flushBudgetMs(config.email.smtp);
  const unlock = await outbox.lock();
  if (!unlock) {
    deps.log.info('another syncwarden process is sending the outbox; leaving it to that one');
    return result;
  }
  try {
    const { entries, bad } = await outbox.list();
    if (bad.length) deps.log.error(`outbox files that cannot be read were left in ${outbox.dir}`, { files: bad });
    result.waiting = entries.length;
    if (!entries.length) return result;
    const flush: Flush = { config, outbox, deps, clock: deps.now ?? (() => new Date()), key: relayKey(config.email.smtp), result, deferred: null };
    const relay = await readRelay(outbox.dir);
    const until = relayWaitUntil(relay, flush.key, flush.clock());
    if (relay && until) {
      deps.log.info(`mail waits in the outbox: ${plural(entries.length, 'message')}; the server ${relayLabel(relay.server)} failed ${plural(relay.failures, 'time')} since ${relay.since}, next try after ${relay.nextTryAt}`, { lastError: relay.lastError });
      return result;
    }
    const stop = await sendInOrder(flush, entries.sort(deliveryOrder), performance.now() + budget);
    await settleRelay(flush, relay, stop);
    return result;
  } finally {
    await unlock();
  }
}

async function sendInOrder(flush: Flush, entries: OutboxEntry[], deadline: number): Promise<Stop | null> {
  let mailer: Mailer;
  try {
    mailer = (flush.deps.mailer ?? createMailer)(flush.config.email.smtp, flush.deps.env ?? process.env);
  } catch (err) {
    // No password: nothing can be sent until the setup is fixed.
    flush.result.failed++;
    return { cause: describeSmtpError(err), subject: entries[0]!.message.subject, unsure: false };
  }
  try {
    for (const entry of entries) {
      const left = Math.round(deadline - performance.now());
      // A message cut off after it went over has an unknown outcome: start one only with a whole time-out left.
      if (left < flush.config.email.smtp.timeoutMs) break;
      try {
        await delivered(flush, entry, await mailer.send(outgoing(entry), left));
      } catch (err) {
        const stop = await notDelivered(flush, entry, err);
        if (stop) return stop === 'budget' ? null : stop;
      }
    }
    return null;
  } finally {
    mailer.close();
  }
}

/** outgoing is the message as sent from the outbox: its stable Message-ID, and the resend mark after an unknown outcome. */
function outgoing(entry: OutboxEntry): MailMessage {
  const resend: Record<string, string> = entry.unsure ? { [RESEND_HEADER]: `outcome of the try at ${entry.unsure.at} unknown (${entry.unsure.cause})` } : {};
  return { ...entry.message, messageId: messageIdOf(entry), headers: { ...entry.message.headers, ...resend } };
}

async function delivered(flush: Flush, entry: OutboxEntry, info: SentInfo): Promise<void> {
  await flush.outbox.delivered(entry);
  flush.result.sent++;
  flush.result.waiting--;
  const { log } = flush.deps;
  log.info(`mail sent: ${entry.message.subject}`, { kind: entry.kind, to: entry.message.to, ms: Math.round(info.ms), response: info.response, ...(entry.unsure ? { resent: true } : {}) });
  if (info.rejected.length) log.warn(`mail sent, but the server refused some recipients: ${info.rejected.join(', ')}`, { subject: entry.message.subject });
}

/** notDelivered records a failed send by what it means (classifySendError); returns why to stop, or null to go on. */
async function notDelivered(flush: Flush, entry: OutboxEntry, err: unknown): Promise<Stop | 'budget' | null> {
  const { outbox, result, deps: { log } } = flush;
  const outcome = classifySendError(err);
  const cause = describeSmtpError(err);
  const subject = entry.message.subject;
  const now = flush.clock();
  // Earlier messages used up the time: the server works, the rest goes out with the next flush.
  if (outcome === 'server' && (err as { deadline?: unknown }).deadline && result.sent > 0) return 'budget';
  if (outcome === 'refused' || (outcome === 'unsure' && entry.unsure)) {
    const why = outcome === 'refused' ? 'refused' : 'unsure';
    const file = await outbox.setAside(entry, why, serverAnswer(err), now);
    result.setAside++;
    result.waiting--;
    if (why === 'refused') log.error(`mail refused by the server and set aside, not sent again: "${subject}"; server said: ${serverAnswer(err)}`, { file });
    else log.error(`mail set aside as "sent?": "${subject}" was handed over twice without an answer (${cause}); it may have arrived and is not sent again`, { file });
    return outcome === 'refused' ? null : { cause, subject, unsure: true };
  }
  // As a mail server bounces after its queue lifetime: a message the server keeps deferring is not tried for ever.
  const hours = flush.config.email.deferredGiveUpHours;
  if (outcome === 'deferred' && now.getTime() - Date.parse(entry.createdAt) >= hours * 3_600_000) {
    const file = await outbox.setAside(entry, 'expired', serverAnswer(err), now);
    result.setAside++;
    result.waiting--;
    log.error(`mail deferred for more than ${hours} h and set aside, not sent again: "${subject}"; server said: ${serverAnswer(err)}`, { file });
    return null;
  }
  await outbox.attempted(entry, cause, now, outcome === 'unsure');
  result.failed++;
  if (outcome === 'deferred') {
    flush.deferred = cause;
    log.warn(`mail deferred by the server, kept in the outbox: "${subject}" (${cause})`);
    return null;
  }
  if (outcome === 'unsure') log.warn(`no answer after "${subject}" was handed over (${cause}): it may have arrived; it is sent once more, with the same Message-ID`);
  return { cause, subject, unsure: outcome === 'unsure' };
}

/** settleRelay updates the server's backoff: failed on a server-level stop or when it deferred everything, else cleared. */
async function settleRelay(flush: Flush, prev: RelayState | null, stop: Stop | null): Promise<void> {
  const { outbox, result, deps: { log }, key } = flush;
  const cause = stop?.cause ?? (result.sent + result.setAside === 0 ? flush.deferred : null);
  if (cause === null) {
    if (!prev) return;
    await clearRelay(outbox.dir);
    if (prev.server === key) log.info(`mail server ${relayLabel(key)} answers again, after ${plural(prev.failures, 'failed try', 'failed tries')} since ${prev.since}`);
    return;
  }
  const next = nextRelayState(prev, key, cause, flush.clock());
  await writeRelay(outbox.dir, next);
  const waits = `${plural(result.waiting, 'message')} ${result.waiting === 1 ? 'waits' : 'wait'} in the outbox; the server ${relayLabel(key)} is tried again after ${next.nextTryAt}`;
  const data = { failures: next.failures, since: next.since, file: outbox.dir };
  if (stop && !stop.unsure) log.error(`mail not sent: "${stop.subject}": ${cause}; ${waits}`, data);
  else log.info(waits, data);
}
