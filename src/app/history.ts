import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { toKey, type Key } from '../model/key.js';
import { LOG_FILE, type LogLine } from '../ports/log.js';
import type { ActionEntry, StopEntry } from './audit.js';

/** HistoryEntry is one audit line read back: when, which run, and what the line's data says. */
export type HistoryEntry = { t: string; runId: string | null; msg: string } & (ActionEntry | StopEntry);

/** HistoryFilter narrows what `history` lists; every part is optional. */
export interface HistoryFilter {
  since?: Date;
  /** A key: that path, or everything under it ('' is everything). */
  path?: Key;
  caseInsensitive: boolean;
  /** Action names (`copy`, `trash`, …) and `stop`. */
  actions?: ReadonlySet<string>;
  failedOnly?: boolean;
}

/** History is what was found: the entries oldest first, the files read, and lines that were not JSON. */
export interface History {
  entries: HistoryEntry[];
  files: string[];
  unreadableLines: number;
}

// The current log and its rotated copies (`.1` newest … `.keep` oldest).
const LOG_NAME = new RegExp(`^${LOG_FILE.replace('.', '\\.')}(\\.\\d+)?$`);

/** readHistory reads every audit line (actions and safety stops) of the log folder, rotated files included, that passes the filter. */
export async function readHistory(logDir: string, filter: HistoryFilter): Promise<History> {
  const history: History = { entries: [], files: [], unreadableLines: 0 };
  for (const file of logFiles(logDir, filter.since)) {
    history.files.push(file);
    await readLines(file, (line) => {
      const entry = parse(line);
      if (entry === undefined) history.unreadableLines++;
      else if (entry && passes(entry, filter)) history.entries.push(entry);
    });
  }
  // Rotated files hold older lines; ISO times in UTC sort as text.
  history.entries.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  return history;
}

function logFiles(dir: string, since: Date | undefined): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => LOG_NAME.test(name))
    .map((name) => join(dir, name))
    // A file last written before `since` holds nothing newer.
    .filter((file) => since === undefined || (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= since.getTime());
}

async function readLines(file: string, onLine: (line: string) => void): Promise<void> {
  try {
    const input = createReadStream(file);
    for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line.trim()) onLine(line);
  } catch (err) {
    // Rotated away between the listing and the read: its lines are in the next file now.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** parse returns the audit entry of a line, null for another kind of line, undefined for a line that is not JSON. */
function parse(line: string): HistoryEntry | null | undefined {
  let obj: LogLine;
  try {
    obj = JSON.parse(line) as LogLine;
  } catch {
    return undefined;
  }
  const data = obj.data as Partial<ActionEntry | StopEntry> | null;
  if (data?.event !== 'action' && data?.event !== 'stop') return null;
  return { t: obj.t, runId: obj.runId, msg: obj.msg, ...(data as ActionEntry | StopEntry) };
}

function passes(entry: HistoryEntry, f: HistoryFilter): boolean {
  if (f.since && Date.parse(entry.t) < f.since.getTime()) return false;
  const name = entry.event === 'stop' ? 'stop' : entry.action;
  if (f.actions && !f.actions.has(name)) return false;
  if (f.failedOnly && entry.event === 'action' && entry.result === 'ok') return false;
  if (f.path === undefined || f.path === '') return true;
  const paths = entry.event === 'stop' ? entry.examples : [entry.path, ...(entry.fromPath !== undefined ? [entry.fromPath] : [])];
  return paths.some((p) => within(toKey(p, f.caseInsensitive), f.path!));
}

function within(key: Key, top: Key): boolean {
  return key === top || key.startsWith(`${top}/`);
}
