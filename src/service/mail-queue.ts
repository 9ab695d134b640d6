import type { Config } from '../config/config.js';
import type { SafetyStop } from '../model/errors.js';
import { notifyPass, notifySafetyStop } from '../notify/notifier.js';
import type { Logger } from '../ports/log.js';
import type { SyncReport } from '../app/sync-pass.js';

/**
 * MailQueue sends the service's mail one message batch after another, off the pass loop: a slow or dead mail
 * server never delays a pass (the outbox keeps what could not be sent, for the next try).
 */
export class MailQueue {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: Config, private readonly log: Logger) {}

  /** pass mails a pass's report as `email.mode` says. */
  pass(report: SyncReport): void {
    this.then(() => notifyPass(this.config, report, { log: this.log }));
  }

  /** stop mails a safety stop's alert (repeated only every few hours while it persists). */
  stop(stop: SafetyStop): void {
    this.then(() => notifySafetyStop(this.config, stop, undefined, { log: this.log }));
  }

  /** drain waits for the mail being sent, at most `ms`. */
  async drain(ms: number): Promise<void> {
    await Promise.race([this.chain, new Promise((r) => setTimeout(r, ms).unref())]);
  }

  private then(fn: () => Promise<unknown>): void {
    this.chain = this.chain.then(fn).catch(() => undefined);
  }
}
