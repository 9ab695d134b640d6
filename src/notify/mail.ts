import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.js';
import type { MailMessage } from './types.js';

/** SmtpSettings is `email.smtp` of the resolved config. */
export type SmtpSettings = Config['email']['smtp'];

/** MailSetupError is a configuration problem found before any connection: a password that cannot be read. */
export class MailSetupError extends Error {
  override readonly name = 'MailSetupError';
}

/** Mailer sends messages over one SMTP connection (reused between sends) until closed. */
export interface Mailer {
  send(message: MailMessage): Promise<SentInfo>;
  close(): void;
}

/** SentInfo is what the server said when it accepted a message. */
export interface SentInfo {
  messageId: string;
  response: string;
  ms: number;
}

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
  const transport = nodemailer.createTransport(transportOptions(smtp, env));
  return {
    async send(message) {
      const started = performance.now();
      const info = await transport.sendMail({
        from: message.from, to: message.to, subject: message.subject,
        text: message.text, html: message.html, headers: message.headers,
      });
      return { messageId: String(info.messageId ?? ''), response: String(info.response ?? ''), ms: performance.now() - started };
    },
    close: () => transport.close(),
  };
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

/** isConnectionError tells whether an error means the server could not be reached, so the rest of a flush would fail too. */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET' || code === 'EDNS' || code === 'EAUTH' || code === 'ETLS' || code === 'EPROXY';
}
