import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import type NodeMailer from 'nodemailer';
import type { Config } from '../config/config.js';
import type { MailMessage } from './types.js';

/** SmtpSettings is `email.smtp` of the resolved config. */
export type SmtpSettings = Config['email']['smtp'];

/** MailSetupError is a configuration problem found before any connection: a password that cannot be read. */
export class MailSetupError extends Error {
  override readonly name = 'MailSetupError';
}

/**
 * Mailer sends messages over one SMTP connection (reused between sends), one at a time, until closed. A failed send
 * rejects with the error, `handedOver` set on it when the whole message had been handed to the server.
 */
export interface Mailer {
  /** send gives up after `limitMs` (ETIMEDOUT, `deadline` set on the error); without a limit, nodemailer's time-outs apply. */
  send(message: MailMessage, limitMs?: number): Promise<SentInfo>;
  close(): void;
}

/** SentInfo is what the server said when it accepted a message; `rejected` are recipients it refused. */
export interface SentInfo {
  messageId: string;
  response: string;
  rejected: string[];
  ms: number;
}

/**
 * SendOutcome is what a failed send means for the message: `refused` for good (5xx to RCPT or DATA), `deferred`
 * (4xx to RCPT or DATA: this message, later), `unsure` (handed over, no answer: it may have arrived), or `server`
 * (unreachable, login, TLS, time-out before the message went over: nothing was sent).
 */
export type SendOutcome = 'refused' | 'deferred' | 'unsure' | 'server';

/** smtpPassword reads the password from `passwordFile` (first line) if set, else from the variable named `passwordEnv`. */
export function smtpPassword(smtp: SmtpSettings, env: NodeJS.ProcessEnv = process.env): string | null {
  if (smtp.passwordFile) {
    let text: string;
    try {
      text = readFileSync(smtp.passwordFile, 'utf8');
    } catch (err) {
      throw new MailSetupError(`cannot read email.smtp.passwordFile ${smtp.passwordFile} (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    // Editors add a trailing newline (and Notepad a BOM); neither is part of the password.
    return text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  }
  const value = smtp.passwordEnv ? env[smtp.passwordEnv] : undefined;
  return value === undefined || value === '' ? null : value;
}

/** smtpAuth is the login for the server: none without a user; a user without a readable password is a setup error. */
export function smtpAuth(smtp: SmtpSettings, env: NodeJS.ProcessEnv = process.env): { user: string; pass: string } | undefined {
  if (!smtp.user) return undefined;
  const pass = smtpPassword(smtp, env);
  if (pass === null) {
    const where = smtp.passwordEnv ? `the environment variable ${smtp.passwordEnv} is not set` : 'neither passwordEnv nor passwordFile is set';
    throw new MailSetupError(`email.smtp.user is ${smtp.user} but no password: ${where}`);
  }
  return { user: smtp.user, pass };
}

/** transportOptions builds nodemailer's SMTP options with bounded time-outs (its defaults wait up to 10 minutes). */
export function transportOptions(smtp: SmtpSettings, env: NodeJS.ProcessEnv = process.env) {
  const auth = smtpAuth(smtp, env);
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(auth ? { auth } : {}),
    // With a login, refuse a server that does not offer STARTTLS instead of sending the password in clear
    // (a stripped STARTTLS is the classic downgrade); a relay on this machine is exempt.
    requireTLS: !!auth && !smtp.secure && !isLoopback(smtp.host),
    // One connection reused for every message of a flush: ~5 ms a message instead of ~110 ms on loopback.
    pool: true as const,
    maxConnections: 1,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    dnsTimeout: smtp.timeoutMs,
    // A slow relay may take a while to accept a large message; a dead one must not hold us for minutes.
    socketTimeout: smtp.timeoutMs * 3,
  };
}

/** createMailer opens a pooled nodemailer transport for `smtp`; throws MailSetupError when the password is missing. */
export function createMailer(smtp: SmtpSettings, env: NodeJS.ProcessEnv = process.env): Mailer {
  // Loaded on first use: a pass that sends no mail does not load nodemailer and its TLS, DNS and HTTP modules.
  const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof NodeMailer;
  const transport = nodemailer.createTransport(transportOptions(smtp, env));
  // Sends go one at a time, so one mark tells the send in flight: set once the whole message went through the
  // stream nodemailer writes to the connection, after which only the server's answer is missing.
  let current = { handedOver: false };
  transport.use('stream', (mail, done) => {
    const mark = current;
    mail.message.transform(() => new Transform({ transform: (chunk, _enc, cb) => cb(null, chunk), flush: (cb) => ((mark.handedOver = true), cb()) }));
    done();
  });
  return {
    async send(message, limitMs) {
      const started = performance.now();
      const mark = (current = { handedOver: false });
      const sending = transport.sendMail({
        from: message.from, to: message.to, subject: message.subject, text: message.text, html: message.html,
        headers: message.headers, ...(message.messageId ? { messageId: message.messageId } : {}),
      });
      try {
        const info = await (limitMs === undefined ? sending : withDeadline(sending, limitMs, 'waiting for the mail server'));
        return { messageId: String(info.messageId ?? ''), response: String(info.response ?? ''), rejected: (info.rejected ?? []).map(String), ms: performance.now() - started };
      } catch (err) {
        throw Object.assign(err instanceof Error ? err : new Error(String(err)), { handedOver: mark.handedOver });
      }
    },
    close: () => transport.close(),
  };
}

/** withDeadline settles like `work`, or rejects with ETIMEDOUT (`deadline: true`) after `ms`; the work is abandoned, its failure ignored. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`gave up ${what} after ${ms} ms`), { code: 'ETIMEDOUT', deadline: true })), Math.max(0, ms));
  });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** isLoopback tells whether a host name is this machine, where a password never crosses a wire. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

/** describeSmtpError turns a nodemailer error into one line: code, message and what the server answered. */
export function describeSmtpError(err: unknown): string {
  const e = err as { code?: string; message?: string; response?: string; command?: string };
  const parts = [e.code ? `${e.code}:` : '', e.message ?? String(err)];
  if (e.command) parts.push(`(command ${e.command})`);
  if (e.response && !e.message?.includes(e.response)) parts.push(`server said: ${e.response}`);
  return parts.filter(Boolean).join(' ');
}

/**
 * classifySendError tells what a failed send means for its message. Only an answer to RCPT TO or DATA is about the
 * message; a refused sender (MAIL FROM) or login is the configuration's, so the message waits for it to be fixed.
 */
export function classifySendError(err: unknown): SendOutcome {
  const e = err as { responseCode?: unknown; command?: unknown; response?: unknown; handedOver?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : 0;
  if (code >= 400 && (e.command === 'RCPT TO' || e.command === 'DATA')) {
    if (code < 500) return 'deferred';
    // 503 (bad sequence) and 5.7.x to RCPT (relaying denied, login required) refuse us, not this message:
    // setting every mail aside until someone fixes the login would lose the alerts meanwhile.
    const policy = e.command === 'RCPT TO' && typeof e.response === 'string' && /^5\d\d[ -]5\.7\./.test(e.response);
    return code === 503 || policy ? 'server' : 'refused';
  }
  return e.handedOver === true ? 'unsure' : 'server';
}

/** serverAnswer is what the server said to a failed send (`550 5.1.1 …`), else the error in one line. */
export function serverAnswer(err: unknown): string {
  const response = (err as { response?: unknown }).response;
  return typeof response === 'string' && response ? response : describeSmtpError(err);
}
