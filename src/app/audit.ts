import type { Action, ActionResult } from '../model/action.js';
import type { SafetyStop } from '../model/errors.js';
import { other, type Side } from '../model/side.js';
import type { Logger } from '../ports/log.js';
import { humanSize } from '../text/units.js';

/** AuditAction is what an audit line says was done: `delete` is for good, `trash` is a soft delete. */
export type AuditAction = 'copy' | 'rename' | 'mkdir' | 'delete' | 'trash' | 'rmdir' | 'props' | 'conflict' | 'purge' | 'restore';

export const AUDIT_ACTIONS: readonly AuditAction[] = ['copy', 'rename', 'mkdir', 'delete', 'trash', 'rmdir', 'props', 'conflict', 'purge', 'restore'];

/** ActionEntry is the `data` of one executed action's log line: what, where, why, and how it ended. */
export interface ActionEntry {
  event: 'action';
  action: AuditAction;
  /** The side the action changed (a copy's target); null for a conflict record. */
  side: Side | null;
  /** A copy's source side; a restore's: the side whose trash held the version. */
  from?: Side;
  /** The path acted on, as spelled on disk: a rename's new path, a copy's target. */
  path: string;
  /** A rename's old path; a copy's source path when it differs from the target's; a restore's version in the trash. */
  fromPath?: string;
  /** Bytes copied, or the size of the file deleted or trashed. */
  bytes?: number;
  /** The policy rule that decided it, and its words. */
  rule: string;
  reason: string;
  result: 'ok' | 'failed';
  /** Where the removed or overwritten version went, relative to `side`'s root. */
  trashedTo?: string;
  /** A delete that did not go to the trash (larger than softDelete.maxSizeMB, or soft delete off). */
  forGood?: true;
  /** A copy over an existing file: whether its old version is in the trash or gone. */
  oldVersion?: 'trash' | 'gone';
  conflict?: { rule: string; option: string; open: boolean; outcome: string[] };
  /** Why it failed; the path keeps its old base record, so the next pass plans it again. */
  error?: { code: string; message: string; attempts: number; retry: 'nextPass' };
}

/** StopEntry is the `data` of a safety stop's log line. */
export interface StopEntry {
  event: 'stop';
  reason: string;
  side: string | null;
  message: string;
  examples: string[];
  /** What the stopped pass had planned (guard stops; a root stop never got that far). */
  counts?: Record<string, number>;
  dryRun: boolean;
}

type What = Pick<ActionEntry, 'action' | 'side' | 'path'> & Partial<Pick<ActionEntry, 'from' | 'fromPath' | 'bytes' | 'forGood' | 'conflict'>>;

/** actionEntry turns a settled action into its audit entry; null for bookkeeping with no effect on disk (record, forget). */
export function actionEntry(result: ActionResult): ActionEntry | null {
  const what = whatOf(result.action);
  if (!what) return null;
  const entry: ActionEntry = { event: 'action', ...what, rule: result.action.ruleId, reason: result.action.reason, result: result.ok ? 'ok' : 'failed' };
  if (result.action.kind === 'copy' || result.action.kind === 'restore') entry.bytes = result.bytes ?? result.action.size;
  if (result.ok && (result.action.kind === 'copy' || result.action.kind === 'restore') && result.action.expectDst) entry.oldVersion = result.trashedTo ? 'trash' : 'gone';
  if (result.trashedTo !== undefined) entry.trashedTo = result.trashedTo;
  if (!result.ok) entry.error = { code: result.code ?? 'EUNKNOWN', message: result.message ?? '', attempts: result.attempts ?? 1, retry: 'nextPass' };
  return entry;
}

function whatOf(a: Action): What | null {
  switch (a.kind) {
    case 'record': case 'forget': return null;
    case 'copy': return { action: 'copy', side: other(a.from), from: a.from, path: a.dstRel, ...(a.srcRel !== a.dstRel ? { fromPath: a.srcRel } : {}) };
    case 'rename': return { action: 'rename', side: a.side, path: a.toRel, fromPath: a.fromRel };
    case 'mkdir': return { action: 'mkdir', side: a.side, path: a.rel };
    case 'rmdir': return { action: 'rmdir', side: a.side, path: a.rel };
    case 'delete': {
      const size = a.expect ? { bytes: a.expect.size } : {};
      return a.trash ? { action: 'trash', side: a.side, path: a.rel, ...size } : { action: 'delete', side: a.side, path: a.rel, ...size, forGood: true };
    }
    case 'setProps': return { action: 'props', side: a.side, path: a.toRel, ...(a.rel !== a.toRel ? { fromPath: a.rel } : {}) };
    case 'restore': return { action: 'restore', side: a.side, from: a.from, path: a.rel, fromPath: a.srcRel };
    case 'conflict': return { action: 'conflict', side: null, path: a.rel ?? a.key, conflict: { rule: a.rule, option: a.option, open: a.open, outcome: a.actions } };
  }
}

/** failureCause says why an action failed in one phrase, naming the error code once (`EPERM: operation not permitted…`). */
export function failureCause(code: string | undefined, message: string | undefined): string {
  const text = message ?? '';
  if (!code) return text || 'failed';
  return text.startsWith(code) ? text : text ? `${code}: ${text}` : code;
}

/** entryWords renders an audit entry as the log line's sentence for a person. */
export function entryWords(e: ActionEntry): string {
  const path = e.fromPath !== undefined ? `${e.fromPath} → ${e.path}` : e.path;
  const size = e.bytes !== undefined && e.action !== 'rename' ? ` (${humanSize(e.bytes)})` : '';
  const verb = e.action === 'copy' ? `copy ${e.from} → ${e.side}` : e.action === 'delete' ? `delete for good on ${e.side}` : `${e.action}${e.side ? ` ${e.side}` : ''}`;
  const what = e.action === 'restore' ? `${e.path} from ${e.from}:${e.fromPath}` : path;
  const head = `${verb} ${what}${size}${whereItWent(e)}`;
  if (e.error) return `FAILED ${head}: ${failureCause(e.error.code, e.error.message)}; retried at the next pass`;
  return e.conflict ? `${head}: ${e.conflict.rule} ${e.conflict.option}: ${e.conflict.outcome.join('; ')}` : head;
}

function whereItWent(e: ActionEntry): string {
  if (e.action === 'copy' || e.action === 'restore') return e.trashedTo ? `, old version to ${e.trashedTo}` : e.oldVersion === 'gone' ? ', old version not kept' : '';
  return e.trashedTo ? ` to ${e.trashedTo}` : '';
}

/** auditResult writes one executed action to the log (nothing for record and forget). */
export function auditResult(log: Logger, result: ActionResult): void {
  const entry = actionEntry(result);
  if (entry) log.audit(entry.error ? 'warn' : 'info', entryWords(entry), entry);
}

/** auditPurge writes the removal of one expired trash folder (its files are then gone for good), or why it failed. */
export function auditPurge(log: Logger, side: Side, path: string, retentionDays: number, err?: NodeJS.ErrnoException): void {
  const entry: ActionEntry = {
    event: 'action', action: 'purge', side, path, forGood: true,
    rule: 'softDelete.retentionDays', reason: `trash older than ${retentionDays} days`, result: err ? 'failed' : 'ok',
  };
  if (err) entry.error = { code: err.code ?? 'EUNKNOWN', message: err.message, attempts: 1, retry: 'nextPass' };
  log.audit(err ? 'warn' : 'info', err ? `FAILED purge ${side} ${path}: ${failureCause(err.code, err.message)}` : `purge ${side} ${path} (trash older than ${retentionDays} days)`, entry);
}

/** stopEntry reads a SafetyStop (a guard's or a root check's) as an audit entry. */
export function stopEntry(stop: SafetyStop, dryRun: boolean): StopEntry {
  const d = stop.details as { side?: unknown; examples?: unknown; path?: unknown; counts?: unknown };
  const examples = Array.isArray(d.examples) ? d.examples.map(String) : typeof d.path === 'string' ? [d.path] : [];
  const entry: StopEntry = { event: 'stop', reason: stop.reason, side: typeof d.side === 'string' ? d.side : null, message: stop.message, examples, dryRun };
  if (d.counts && typeof d.counts === 'object') entry.counts = d.counts as Record<string, number>;
  return entry;
}

/** auditStop writes a safety stop to the log as one line (its reason, side, words and example paths). */
export function auditStop(log: Logger, stop: SafetyStop, dryRun: boolean): StopEntry {
  const entry = stopEntry(stop, dryRun);
  log.audit('error', `safety stop (${entry.reason})${dryRun ? ' in a dry run' : ''}: ${entry.message}`, entry);
  return entry;
}
