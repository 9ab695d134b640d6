import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import type { LogData, Logger } from './log.js';

/** EVENT_SOURCE is the Application log source syncwarden writes under (install.ps1 registers it, elevated). */
export const EVENT_SOURCE = 'syncwarden';

/** EventKind is what an Event Log entry reports; each has its own event id, so a monitor can filter on it. */
export type EventKind = 'start' | 'stop' | 'safetyStop' | 'error';

/** EVENT_IDS are the entries' ids (eventcreate takes 1 to 1000) and types. */
export const EVENT_IDS: Readonly<Record<EventKind, { id: number; type: 'INFORMATION' | 'WARNING' | 'ERROR' }>> = {
  start: { id: 1, type: 'INFORMATION' },
  stop: { id: 2, type: 'INFORMATION' },
  safetyStop: { id: 3, type: 'ERROR' },
  error: { id: 4, type: 'ERROR' },
};

/** A description longer than this is cut (the whole text is in the log file). */
const MAX_TEXT = 2000;
/** Entries waiting beyond this are dropped (an error storm must not queue processes): the log file has them all. */
const MAX_QUEUED = 20;

/** EventCommand is one program run: the executable and its arguments, each passed as its own argument, no shell. */
export interface EventCommand {
  file: string;
  args: string[];
}

/**
 * eventCreateCommand builds the eventcreate.exe run that writes one entry to the Application log under source
 * syncwarden: by its full path under %SystemRoot% (a service's PATH may be short), the text on one line.
 */
export function eventCreateCommand(kind: EventKind, text: string, systemRoot = 'C:\\Windows'): EventCommand {
  const { id, type } = EVENT_IDS[kind];
  const line = text.replace(/\s*[\r\n]+\s*/g, ' | ').trim();
  const description = line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
  return {
    file: win32.join(systemRoot, 'System32', 'eventcreate.exe'),
    args: ['/L', 'APPLICATION', '/T', type, '/SO', EVENT_SOURCE, '/ID', String(id), '/D', description || kind],
  };
}

export interface EventLogOptions {
  /** Whether entries are wanted now (log.eventLog, read at each entry: it is applied live). */
  enabled: () => boolean;
  /** Told once when writing an entry failed; no more entries are tried after that. */
  onFailure: (message: string) => void;
  command?: (kind: EventKind, text: string) => EventCommand;
}

/**
 * EventLog writes Windows Event Log entries through eventcreate.exe, one process at a time, off the caller's path:
 * a slow or failing event log never delays a pass. The first failure (no eventcreate, the source not registered and
 * no right to register it) is reported once and ends the entries; the log file stays the full record.
 */
export class EventLog {
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private dropped = 0;
  private broken = false;
  private readonly command: (kind: EventKind, text: string) => EventCommand;

  constructor(private readonly opts: EventLogOptions) {
    this.command = opts.command ?? ((kind, text) => eventCreateCommand(kind, text, process.env.SystemRoot ?? process.env.windir));
  }

  /** write queues one entry (dropped when log.eventLog is off, after a failure, or when too many wait). */
  write(kind: EventKind, text: string): void {
    if (this.broken || !this.opts.enabled()) return;
    if (this.queued >= MAX_QUEUED) return void this.dropped++;
    this.queued++;
    const cmd = this.command(kind, text);
    this.chain = this.chain.then(() => this.run(cmd)).finally(() => void this.queued--);
  }

  /** drain waits for the entries queued, at most `ms` (a stop's own entry should get out). */
  async drain(ms: number): Promise<{ dropped: number }> {
    await Promise.race([this.chain, new Promise((r) => setTimeout(r, ms).unref())]);
    return { dropped: this.dropped };
  }

  private run(cmd: EventCommand): Promise<void> {
    if (this.broken) return Promise.resolve();
    return new Promise((resolve) => {
      execFile(cmd.file, cmd.args, { windowsHide: true, timeout: 15_000 }, (err, stdout, stderr) => {
        if (err && !this.broken) {
          this.broken = true;
          const said = `${stderr}${stdout}`.trim();
          this.opts.onFailure(`${cmd.file} failed (${(err as NodeJS.ErrnoException).code ?? err.message}${said ? `: ${said}` : ''}); no more Event Log entries until the service restarts`);
        }
        resolve();
      });
    });
  }
}

/**
 * withEventLog is a logger that also writes each error line to the Event Log: a safety stop (its data holds the
 * SafetyStop, or the line says so) as event 3, any other error as event 4. Its tagged children do the same.
 */
export function withEventLog(log: Logger, events: EventLog): Logger {
  return {
    ...log,
    error: (msg: string, data?: LogData) => {
      log.error(msg, data);
      events.write(isSafetyStop(msg, data) ? 'safetyStop' : 'error', msg);
    },
    withTag: (tag) => withEventLog(log.withTag(tag), events),
  };
}

function isSafetyStop(msg: string, data?: LogData): boolean {
  const err = (data as { err?: unknown } | undefined)?.err;
  return (err instanceof Error && err.name === 'SafetyStop') || /^safety stop\b|nothing is synced until it is back/.test(msg);
}
