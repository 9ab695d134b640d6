import { hostname } from 'node:os';
import type { SyncReport } from '../app/sync-pass.js';
import type { Config } from '../config/config.js';
import type { SafetyStop } from '../model/errors.js';
import type { Logger } from '../ports/log.js';
import { alertKey, clearAlertMark, readAlertMark, shouldAlert, writeAlertMark } from './alert-gate.js';
import { composeRunMails, mailReady, toMessage, type Composed } from './compose.js';
import { flushOutbox, outboxOf, type FlushDeps, type FlushResult } from './flush.js';
import { renderAlert, type StopInput } from './render-run.js';
import type { RenderContext } from './types.js';

/** NotifyDeps are a flush's edges plus the host name mails are signed with. */
export interface NotifyDeps extends FlushDeps {
  host?: string;
}

/** renderContext is where a mail comes from: prefix, host, roots and run id. */
export function renderContext(config: Config, runId: string, host = hostname()): RenderContext {
  return { prefix: config.email.subjectPrefix, host, left: config.left, right: config.right, runId };
}

/**
 * notifyPass queues the mails of a finished pass (by `email.mode`) in the outbox, then flushes it, within
 * 2 × email.smtp.timeoutMs; it never throws, so mail can never change a sync's outcome.
 */
export async function notifyPass(config: Config, report: SyncReport, deps: NotifyDeps): Promise<FlushResult | null> {
  if (report.dryRun || !ready(config, deps.log)) return null;
  return guarded(deps.log, report.runId, async () => {
    await clearAlertMark(outboxOf(config).dir);
    const ctx = renderContext(config, report.runId, deps.host);
    return queueAndFlush(config, composeRunMails(config.email, report, ctx), report.runId, deps);
  });
}

/**
 * notifySafetyStop queues and sends the alert for a pass a safety guard stopped, whatever `email.mode`; the same
 * cause persisting is mailed again every ALERT_REPEAT_MS, not on every retry. Never throws.
 */
export async function notifySafetyStop(config: Config, stop: SafetyStop, runId: string | undefined, deps: NotifyDeps): Promise<FlushResult | null> {
  if (!ready(config, deps.log)) return null;
  const now = deps.now?.() ?? new Date();
  // A stop thrown before the pass got its id still needs one to match the mail with the log.
  const id = runId ?? `stop-${now.toISOString()}`;
  return guarded(deps.log, id, async () => {
    const input = stopInput(stop);
    const alert: Composed = { kind: 'alert', rendered: renderAlert(input, renderContext(config, id, deps.host)) };
    const dir = outboxOf(config).dir;
    const key = alertKey(input.reason, input.side);
    if (!shouldAlert(await readAlertMark(dir), key, now)) {
      deps.log.info(`safety stop ${key} was already mailed in the last hours; not mailed again yet`);
      return queueAndFlush(config, [], id, deps);
    }
    await writeAlertMark(dir, key, now);
    return queueAndFlush(config, [alert], id, deps);
  });
}

/** stopInput reads the reason, side, message and example paths out of a SafetyStop from a guard or a root check. */
export function stopInput(stop: SafetyStop): StopInput {
  const d = stop.details as { side?: unknown; examples?: unknown; path?: unknown };
  const examples = Array.isArray(d.examples) ? d.examples.map(String) : typeof d.path === 'string' ? [d.path] : [];
  return { reason: stop.reason, side: typeof d.side === 'string' ? d.side : null, message: stop.message, examples };
}

async function queueAndFlush(config: Config, mails: Composed[], runId: string, deps: NotifyDeps): Promise<FlushResult> {
  const outbox = outboxOf(config);
  const now = deps.now ?? (() => new Date());
  // On disk before the first attempt: a crash or a dead server loses no mail.
  for (const mail of mails) await outbox.put(mail.kind, runId, toMessage(config.email, mail.rendered, runId), now());
  return flushOutbox(config, deps);
}

async function guarded<T>(log: Logger, runId: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await log.runWith(runId, fn);
  } catch (err) {
    log.error(`notification failed: ${(err as Error)?.message ?? String(err)}`, { err });
    return null;
  }
}

function ready(config: Config, log: Logger): boolean {
  if (mailReady(config.email)) return true;
  if (config.email.enabled) log.warn('email.enabled is true but email.to is empty: no mail sent');
  return false;
}
