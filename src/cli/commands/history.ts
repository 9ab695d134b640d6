import { AUDIT_ACTIONS, failureCause } from '../../app/audit.js';
import { readHistory, type HistoryEntry, type HistoryFilter } from '../../app/history.js';
import { keysOfPaths } from '../../app/paths.js';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../model/errors.js';
import { humanSize, localTime } from '../../text/units.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';

const NAMES: readonly string[] = [...AUDIT_ACTIONS, 'stop'];
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** historyCommand lists what the passes did, from the log and its rotated files, as one table or JSON. */
export async function historyCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const filter: HistoryFilter = { caseInsensitive: config.caseInsensitive, failedOnly: !!ctx.options.failed };
  if (ctx.options.since !== undefined) filter.since = parseSince(String(ctx.options.since), new Date());
  if (ctx.options.path !== undefined) filter.path = keysOfPaths([String(ctx.options.path)], config)[0];
  if (ctx.options.action !== undefined) filter.actions = parseActions(ctx.options.action);
  const history = await readHistory(config.log.dir, filter);
  if (ctx.options.json) {
    const { since, path, actions, failedOnly } = filter;
    const asked = { since: since?.toISOString() ?? null, path: path ?? null, actions: actions ? [...actions] : null, failedOnly: !!failedOnly };
    ctx.out(`${JSON.stringify({ filter: asked, logDir: config.log.dir, ...history }, null, 2)}\n`);
  } else {
    ctx.out(renderHistory(history.entries, history.files.length, config.log.dir));
  }
  return EXIT.ok;
}

/** parseSince reads `30m`, `24h`, `7d`, `2w` (before now) or a date/time (local when it names no zone). */
export function parseSince(text: string, now: Date): Date {
  const rel = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2]]);
  // A bare date would be read as UTC midnight; the office means its own midnight.
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00` : text);
  if (Number.isNaN(at.getTime())) {
    throw new InputError([{ file: '(command line)', field: '--since', expected: 'a duration such as 30m, 24h, 7d, or a date/time such as 2026-11-25T08:00', found: text }]);
  }
  return at;
}

function parseActions(value: unknown): Set<string> {
  const names = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = names.filter((n) => !NAMES.includes(n));
  if (unknown.length || !names.length) {
    throw new InputError([{ file: '(command line)', field: '--action', expected: `one or more of ${NAMES.join(', ')}`, found: unknown.join(',') || 'nothing' }]);
  }
  return new Set(names);
}

/** renderHistory lays the entries out as one table: time (local, with its offset), action, side, path, size, outcome. */
export function renderHistory(entries: readonly HistoryEntry[], files: number, logDir: string): string {
  if (!entries.length) return `nothing recorded that matches (${files} log file(s) read in ${logDir})\n`;
  const head = ['time', 'action', 'side', 'path', 'size', 'outcome'];
  const rows = entries.map(historyRow);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n${entries.length} entries (${files} log file(s) read in ${logDir})\n`;
}

/** historyRow is one entry as the table shows it (time, action, side, path, size, outcome); the web page shows the same. */
export function historyRow(e: HistoryEntry): string[] {
  const time = localTime(e.t);
  if (e.event === 'stop') {
    return [time, 'STOP', e.side ?? '', '', '', `${e.dryRun ? '(dry run) ' : ''}safety stop ${e.reason}: ${e.message}`];
  }
  const path = e.fromPath !== undefined ? `${e.fromPath} → ${e.path}` : e.path;
  const size = e.bytes !== undefined && e.action !== 'rename' ? humanSize(e.bytes) : '';
  const side = e.action === 'copy' || e.action === 'restore' ? `${e.from}→${e.side}` : e.side ?? '';
  return [time, e.action, side, path, size, outcome(e)];
}

function outcome(e: HistoryEntry & { event: 'action' }): string {
  const rule = `  [${e.rule}]`;
  if (e.error) return `FAILED ${failureCause(e.error.code, e.error.message)}; retried at the next pass${rule}`;
  if (e.conflict) return `${e.conflict.rule} ${e.conflict.option}${e.conflict.open ? ', open' : ''}: ${e.conflict.outcome.join('; ')}${rule}`;
  if (e.action === 'purge') return `expired trash removed for good${rule}`;
  if (e.forGood) return `deleted for good (not in the trash)${rule}`;
  if (e.trashedTo) return `${e.action === 'copy' || e.action === 'restore' ? 'old version in ' : 'in '}${e.trashedTo}${rule}`;
  if (e.oldVersion === 'gone') return `old version not kept${rule}`;
  return `ok${rule}`;
}
