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
  if (!mailReady(email)) {
    const why = email.enabled ? 'email.to lists no recipient' : 'email.enabled is false';
    process.stderr.write(`mail-test: email is not configured in ${config.file}: ${why}\n`);
    return EXIT.usage;
  }
  const smtp = `${email.smtp.host}:${email.smtp.port}${email.smtp.secure ? ' (TLS)' : ''}`;
  let mailer: Mailer;
  try {
    mailer = createMailer(email.smtp);
  } catch (err) {
    if (!(err instanceof MailSetupError)) throw err;
    process.stderr.write(`mail-test: ${err.message}\n`);
    return EXIT.usage;
  }
  const runId = `mail-test-${new Date().toISOString()}`;
  const message = toMessage(email, renderTest(renderContext(config, runId), smtp), runId);
  const started = performance.now();
  try {
    const info = await mailer.send(message, flushBudgetMs(email.smtp));
    // The server works now: mail waiting in the outbox goes out with the next pass, not after its backoff.
    await clearRelay(outboxOf(config).dir);
    ctx.out(`mail-test: sent to ${email.to.join(', ')} via ${smtp} in ${Math.round(info.ms)} ms (server: ${info.response})\n`);
    return EXIT.ok;
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`mail-test: sending via ${smtp} failed after ${ms} ms: ${describeSmtpError(err)}\n`);
    return EXIT.actionsFailed;
  } finally {
    mailer.close();
  }
}
