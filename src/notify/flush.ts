import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../ports/log.js';
import { createMailer, describeSmtpError, isConnectionError, type Mailer, type SmtpSettings } from './mail.js';
import { Outbox, OUTBOX_DIR, type OutboxEntry } from './outbox.js';

/** FlushDeps are the edges a flush uses; tests swap the clock, the environment or the mailer. */
export interface FlushDeps {
  log: Logger;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  mailer?: (smtp: SmtpSettings, env: NodeJS.ProcessEnv) => Mailer;
}

/** FlushResult counts what one flush did; `waiting` is what stays in the outbox. */
export interface FlushResult {
  sent: number;
  failed: number;
  waiting: number;
}

/** flushBudgetMs is how long a whole flush may take: twice the SMTP time-out, so a dead server costs seconds, not minutes. */
export function flushBudgetMs(smtp: Pick<SmtpSettings, 'timeoutMs'>): number {
  return 2 * smtp.timeoutMs;
}

/** outboxOf is the outbox of a config: `<stateDir>/outbox`. */
export function outboxOf(config: Pick<Config, 'stateDir'>): Outbox {
  return new Outbox(join(config.stateDir, OUTBOX_DIR));
}

/** withDeadline settles like `work`, or rejects with ETIMEDOUT after `ms` (the work is abandoned, its failure ignored). */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`gave up ${what} after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * flushOutbox sends every due message of the outbox (alerts first), within flushBudgetMs; a failure is logged and
 * rescheduled with backoff, never thrown. Messages not reached in time stay due for the next flush.
 */
export async function flushOutbox(config: Config, deps: FlushDeps): Promise<FlushResult> {
  const outbox = outboxOf(config);
  const result: FlushResult = { sent: 0, failed: 0, waiting: 0 };
  const budget = flushBudgetMs(config.email.smtp);
  // A claim older than any flush can last belongs to a process that died while sending.
  const unlock = await outbox.lock(2 * budget + 60_000);
  if (!unlock) {
    deps.log.info('another syncwarden process is sending the outbox; leaving it to that one');
    return result;
  }
  try {
    const { entries, bad } = await outbox.list();
    if (bad.length) deps.log.error(`outbox files that cannot be read were left in ${outbox.dir}`, { files: bad });
    const now = (deps.now ?? (() => new Date()))();
    const due = entries.filter((e) => Date.parse(e.nextTryAt) <= now.getTime()).sort(alertsFirst);
    result.waiting = entries.length;
    if (due.length) await sendDue(config, outbox, due, result, deps, performance.now() + budget);
    return result;
  } finally {
    await unlock();
  }
}

async function sendDue(
  config: Config, outbox: Outbox, due: OutboxEntry[], result: FlushResult, deps: FlushDeps, deadline: number,
): Promise<void> {
  const clock = deps.now ?? (() => new Date());
  let mailer: Mailer;
  try {
    mailer = (deps.mailer ?? createMailer)(config.email.smtp, deps.env ?? process.env);
  } catch (err) {
    // No password: every due message fails the same way; say it once.
    deps.log.error(`mail not sent: ${describeSmtpError(err)}`, { messages: due.length });
    for (const entry of due) await outbox.failed(entry, describeSmtpError(err), clock());
    result.failed += due.length;
    return;
  }
  try {
    for (const entry of due) {
      const left = Math.round(deadline - performance.now());
      if (left <= 0) break;
      try {
        const info = await withDeadline(mailer.send(entry.message), left, 'sending');
        await outbox.delivered(entry);
        result.sent++;
        result.waiting--;
        deps.log.info(`mail sent: ${entry.message.subject}`, { kind: entry.kind, to: entry.message.to, ms: Math.round(info.ms), response: info.response });
      } catch (err) {
        const next = await outbox.failed(entry, describeSmtpError(err), clock());
        result.failed++;
        deps.log.error(`mail not sent: ${entry.message.subject}; kept in the outbox, next try after ${next.nextTryAt}`, {
          cause: describeSmtpError(err), attempts: next.attempts, file: join(outbox.dir, entry.file), smtp: `${config.email.smtp.host}:${config.email.smtp.port}`,
        });
        // The server is unreachable: the rest would each wait for the same time-out.
        if (isConnectionError(err)) break;
      }
    }
  } finally {
    mailer.close();
  }
}

function alertsFirst(a: OutboxEntry, b: OutboxEntry): number {
  return Number(b.kind === 'alert') - Number(a.kind === 'alert') || a.file.localeCompare(b.file);
}
