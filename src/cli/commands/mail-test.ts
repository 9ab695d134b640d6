import { loadConfig } from '../../config/load.js';
import { mailReady, toMessage } from '../../notify/compose.js';
import { flushBudgetMs, outboxOf } from '../../notify/flush.js';
import { createMailer, describeSmtpError, MailSetupError, type Mailer } from '../../notify/mail.js';
import { renderContext } from '../../notify/notifier.js';
import { clearRelay } from '../../notify/relay.js';
import { renderTest } from '../../notify/render.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';

/** mailTestCommand sends one test message right away (no outbox, no backoff) and says what the server answered. */
export async function mailTestCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const { email } = config;
  // Every outcome is one sentence for a person, or with --json one object on stdout.
  const answer = (exitCode: number, text: string, json: Record<string, unknown>): number => {
    if (ctx.options.json) ctx.out(`${JSON.stringify({ exitCode, ...json }, null, 2)}\n`);
    else if (exitCode === EXIT.ok) ctx.out(`${text}\n`);
    if (exitCode !== EXIT.ok) process.stderr.write(`${text}\n`);
    return exitCode;
  };
  if (!mailReady(email)) {
    const why = email.enabled ? 'email.to lists no recipient' : 'email.enabled is false';
    return answer(EXIT.usage, `mail-test: email is not configured in ${config.file}: ${why}`, { sent: false, error: { kind: 'config', message: why } });
  }
  const smtp = `${email.smtp.host}:${email.smtp.port}${email.smtp.secure ? ' (TLS)' : ''}`;
  let mailer: Mailer;
  try {
    mailer = createMailer(email.smtp);
  } catch (err) {
    if (!(err instanceof MailSetupError)) throw err;
    return answer(EXIT.usage, `mail-test: ${err.message}`, { sent: false, error: { kind: 'config', message: err.message } });
  }
  const runId = `mail-test-${new Date().toISOString()}`;
  const message = toMessage(email, renderTest(renderContext(config, runId), smtp), runId);
  const started = performance.now();
  try {
    const info = await mailer.send(message, flushBudgetMs(email.smtp));
    // The server works now: mail waiting in the outbox goes out with the next pass, not after its backoff.
    await clearRelay(outboxOf(config).dir);
    const ms = Math.round(info.ms);
    return answer(EXIT.ok, `mail-test: sent to ${email.to.join(', ')} via ${smtp} in ${ms} ms (server: ${info.response})`, { sent: true, to: email.to, via: smtp, ms, response: info.response });
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    const cause = describeSmtpError(err);
    return answer(EXIT.actionsFailed, `mail-test: sending via ${smtp} failed after ${ms} ms: ${cause}`, { sent: false, via: smtp, ms, error: { kind: 'smtp', message: cause } });
  } finally {
    mailer.close();
  }
}
