import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config/config.js';
import { mailReady } from '../notify/compose.js';
import { describeSmtpError, MailSetupError, transportOptions, withDeadline } from '../notify/mail.js';
import { result, type CheckResult } from './types.js';

/**
 * checkSmtp connects to email.smtp, says hello and logs in when a user is set (nodemailer's verify):
 * nothing is sent (mail-test sends a message), so it can run against the production relay any time.
 */
export async function checkSmtp(config: Config, enabled: boolean): Promise<CheckResult> {
  const { email } = config;
  const where = `${email.smtp.host}:${email.smtp.port}`;
  const title = `SMTP server ${where} reachable`;
  if (!enabled) return result('mail', 'SMTP server reachable', 'skip', 'not checked (add --mail)');
  if (!mailReady(email)) return result('mail', title, 'skip', email.enabled ? 'email.to lists no recipient' : 'email.enabled is false');
  let transport: Transporter;
  try {
    transport = nodemailer.createTransport({ ...transportOptions(email.smtp), pool: false });
  } catch (err) {
    if (!(err instanceof MailSetupError)) throw err;
    return result('mail', title, 'fail', err.message, 'set the password variable or file named by email.smtp for the account syncwarden runs as');
  }
  const started = performance.now();
  try {
    await withDeadline(transport.verify(), email.smtp.timeoutMs * 2, 'waiting for the mail server');
    return result('mail', title, 'ok', `answered and accepted ${email.smtp.user ? `the login of ${email.smtp.user}` : 'the connection'} in ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    return result('mail', title, 'fail', `after ${Math.round(performance.now() - started)} ms: ${describeSmtpError(err)}`,
      'check email.smtp host, port, secure and the login (and that a firewall lets this machine out); syncwarden mail-test sends a real message');
  } finally {
    transport.close();
  }
}
