import type { Config } from '../config/config.js';
import type { ConflictRecord } from '../model/conflict.js';
import { renderConflict, renderConflictOverflow } from './render.js';
import { isEmptyRun, renderSummary, type SummaryInput } from './render-run.js';
import { RUN_HEADER, type MailKind, type MailMessage, type RenderContext, type Rendered } from './types.js';

/** EmailSettings is `email` of the resolved config. */
export type EmailSettings = Config['email'];

/** Composed is a rendered mail and why it exists, before it gets an envelope. */
export interface Composed {
  kind: MailKind;
  rendered: Rendered;
}

/**
 * EVENT_MAIL_LIMIT caps single conflict mails per run: a first sync can meet thousands of conflicts, and a mail
 * each would flood the inbox and trip the relay's sending limits (Gmail: a few hundred a day). The rest share one mail.
 */
export const EVENT_MAIL_LIMIT = 20;

/** mailReady tells whether mails can be sent at all: enabled, with at least one recipient. */
export function mailReady(email: Pick<EmailSettings, 'enabled' | 'to'>): boolean {
  return email.enabled && email.to.length > 0;
}

/** composeRunMails picks and renders the mails of one finished pass according to `email.mode` (none for a dry run). */
export function composeRunMails(
  email: Pick<EmailSettings, 'mode' | 'summaryWhenEmpty'>, report: SummaryInput & { dryRun: boolean }, ctx: RenderContext,
): Composed[] {
  if (report.dryRun) return [];
  const out: Composed[] = [];
  if (email.mode !== 'summary') out.push(...conflictMails(report.conflicts, ctx));
  if (email.mode !== 'perEvent' && (email.summaryWhenEmpty || !isEmptyRun(report))) {
    out.push({ kind: 'summary', rendered: renderSummary(report, ctx) });
  }
  return out;
}

/** conflictMails renders one mail per conflict record, the ones past EVENT_MAIL_LIMIT together in one. */
export function conflictMails(conflicts: readonly ConflictRecord[], ctx: RenderContext): Composed[] {
  const out: Composed[] = conflicts.slice(0, EVENT_MAIL_LIMIT).map((rec) => ({ kind: 'conflict' as const, rendered: renderConflict(rec, ctx) }));
  const rest = conflicts.slice(EVENT_MAIL_LIMIT);
  if (rest.length) out.push({ kind: 'conflict', rendered: renderConflictOverflow(rest, ctx) });
  return out;
}

/** toMessage puts a rendered mail into an envelope from the config, tagged with its run id. */
export function toMessage(email: Pick<EmailSettings, 'from' | 'to'>, rendered: Rendered, runId: string): MailMessage {
  return { ...rendered, from: email.from, to: [...email.to], headers: { [RUN_HEADER]: runId } };
}
