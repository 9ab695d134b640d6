import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type * as ConsolaFull from 'consola';
import { createConsola, LogLevels, type ConsolaInstance, type ConsolaOptions, type ConsolaReporter, type LogObject } from 'consola/core';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { Config } from '../config/config.js';
import { MIB } from '../config/config.js';

/** Extra structured fields of a log line (any object); Errors inside are written as {name, message, code, stack}. */
export type LogData = object;

/**
 * Logger is all the core may know about logging: no consola type leaks through it, so a pure module
 * can take a Logger and a test can pass silentLogger().
 */
export interface Logger {
  debug(msg: string, data?: LogData): void;
  info(msg: string, data?: LogData): void;
  warn(msg: string, data?: LogData): void;
  error(msg: string, data?: LogData): void;
  /**
   * Writes an audit line (an action done, a safety stop) to the log file whatever `log.level` says, and never
   * to the console: the file is the record `syncwarden history` reads, the console gets the command's own output.
   */
  audit(level: AuditLevel, msg: string, data: LogData): void;
  /** A logger whose lines carry `tag` (nested tags join with ':'), sharing this one's outputs. */
  withTag(tag: string): Logger;
  /** Runs `fn` so that every line logged inside it, through any logger and across awaits, carries `runId`. */
  runWith<T>(runId: string, fn: () => T): T;
  /** The run id of the current async context, if any (e.g. for a mail's correlation header). */
  runId(): string | undefined;
  /** Flushes and closes the file output of the whole logger family; later lines go to the console only. */
  close(): Promise<void>;
  /** Sets `log.level` for the whole logger family, from the next line on (a live config reload). */
  setLevel(level: LogSettings['level']): void;
}

export type LogSettings = Config['log'];

/** AuditLevel is the level an audit line carries: info for what was done, warn for a failure, error for a stop. */
export type AuditLevel = 'info' | 'warn' | 'error';

export interface LoggerOptions {
  /** Human lines on a console stream (default true). */
  console?: boolean;
  /** Where human lines go (default process.stderr: stdout is reserved for command output such as --json). */
  consoleStream?: NodeJS.WritableStream;
  /** JSON lines in `<dir>/syncwarden.log` (default true). */
  file?: boolean;
}

/** LOG_FILE is the name of the current JSON-lines log; rotated copies are `syncwarden.log.1` … `.keep`. */
export const LOG_FILE = 'syncwarden.log';

// One context for every logger in the process: the run id belongs to the async flow (a sync pass),
// not to a logger instance, so core code deep in a pass needs no run-specific logger threaded to it.
const context = new AsyncLocalStorage<{ runId: string }>();

/** createLogger builds a logger writing human lines to the console and JSON lines to a rotating file. */
export function createLogger(settings: LogSettings, options: LoggerOptions = {}): Logger {
  const sink = options.file === false ? null : openFileSink(settings);
  // consola reads only write() and columns from it, so any writable will do.
  const stream = (options.consoleStream ?? process.stderr) as NodeJS.WriteStream;
  // The level is checked in wrap(), against one gate every tagged child shares: consola copies its level into
  // each withTag() child, so setting it on the root later would not reach them.
  const gate = { level: LogLevels[settings.level] };
  const shared: Partial<ConsolaOptions> = {
    level: LogLevels.verbose,
    // The default throttle folds repeated lines into a later "(repeated n times)" line fired from a timer,
    // which loses lines and can write after close.
    throttle: 0,
    stdout: stream,
    stderr: stream,
  };
  const consola = options.console === false ? createConsola({ ...shared, reporters: [] }) : withConsoleReporter(shared);
  if (sink) consola.addReporter(sink.reporter);
  return wrap(consola, sink, null, gate);
}

/**
 * withConsoleReporter is a consola with its usual console reporter (fancy on a terminal, basic under CI or
 * tests). Only then is consola's full entry loaded: on import it builds the reporters' helpers and an
 * Intl.Segmenter, ~30 ms of a start that a logger writing only the file (--json, tests) does not need.
 */
function withConsoleReporter(settings: Partial<ConsolaOptions>): ConsolaInstance {
  const full = createRequire(import.meta.url)('consola') as typeof ConsolaFull;
  return full.createConsola(settings);
}

/** silentLogger discards every line but still tracks run ids; for tests and library use. */
export function silentLogger(): Logger {
  const noop = (): void => {};
  const logger: Logger = {
    debug: noop, info: noop, warn: noop, error: noop, audit: noop,
    withTag: () => logger,
    runWith: (runId, fn) => context.run({ runId }, fn),
    runId: () => context.getStore()?.runId,
    close: async () => {},
    setLevel: noop,
  };
  return logger;
}

/** LogLine is one line of the JSON-lines log, as written and as `history` reads it back. */
export interface LogLine {
  t: string;
  level: string;
  tag: string | null;
  runId: string | null;
  msg: string;
  data: LogData | null;
}

/** formatLine renders one JSON log line `{t, level, tag, runId, msg, data}` ending in a newline. */
export function formatLine(obj: LogObject): string {
  const extra = obj as LogObject & { msg?: string; data?: LogData; runId?: string };
  return serialise({
    t: obj.date.toISOString(),
    level: obj.type,
    tag: obj.tag || null,
    runId: extra.runId ?? null,
    msg: extra.msg ?? obj.args.map(String).join(' '),
    data: extra.data ?? null,
  });
}

function serialise(line: LogLine): string {
  try {
    return JSON.stringify(line, jsonSafe) + '\n';
  } catch (err) {
    // A circular structure must not cost the line itself.
    return JSON.stringify({ ...line, data: { unserialisable: String(err) } }) + '\n';
  }
}

function wrap(consola: ConsolaInstance, sink: FileSink | null, tag: string | null, gate: { level: number }): Logger {
  const emit = (type: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: LogData): void => {
    if (LogLevels[type] > gate.level) return;
    const runId = context.getStore()?.runId;
    // A log object (has `args`) lets msg/data/runId reach our reporter as fields, while the console
    // reporter still prints `msg` followed by the data.
    consola[type]({ args: data === undefined ? [msg] : [msg, data], msg, data, runId });
  };
  return {
    debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'),
    audit: (level, msg, data) => sink?.write(serialise({ t: new Date().toISOString(), level, tag, runId: context.getStore()?.runId ?? null, msg, data })),
    withTag: (name) => wrap(consola.withTag(name), sink, tag ? `${tag}:${name}` : name, gate),
    runWith: (runId, fn) => context.run({ runId }, fn),
    runId: () => context.getStore()?.runId,
    close: async () => sink?.close(),
    setLevel: (level) => void (gate.level = LogLevels[level]),
  };
}

interface FileSink {
  reporter: ConsolaReporter;
  /** Appends one finished line (ignored once closed or broken). */
  write(line: string): void;
  close(): Promise<void>;
}

function openFileSink(settings: LogSettings): FileSink {
  const stream: RotatingFileStream = createStream(LOG_FILE, {
    path: settings.dir,
    size: `${Math.max(1, Math.round(settings.maxSizeMB * MIB))}B`,
    // Classic numbered rotation (.1 newest … .keep oldest): predictable names an admin can open in Notepad.
    rotate: settings.keep,
  });
  let state: 'open' | 'closed' | 'failed' = 'open';
  stream.on('error', (err) => {
    // A broken log disk must never stop a sync: report once, then keep logging to the console only.
    if (state === 'open') process.stderr.write(`syncwarden: log file disabled: ${err.message}\n`);
    state = 'failed';
  });
  let closing: Promise<void> | null = null;
  // Lines logged while a write is in flight go out together in the next one: an initial copy of 90k files logs
  // 90k audit lines, and one file write each was a tenth of its time. A line waits at most one write.
  const maxChunk = Math.min(64 * 1024, (settings.maxSizeMB * MIB) / 8);
  let queued: string[] = [];
  let busy = false;
  let onIdle: (() => void) | null = null;
  const pump = (): void => {
    if (!queued.length || state === 'failed') {
      busy = false;
      queued = [];
      onIdle?.();
      return;
    }
    // A chunk stays well under the rotation size, so files rotate about where they did line by line.
    let n = 0;
    let bytes = 0;
    while (n < queued.length && (n === 0 || bytes + queued[n].length <= maxChunk)) bytes += queued[n++].length;
    const chunk = n === 1 ? queued[0] : queued.slice(0, n).join('');
    queued = n === queued.length ? [] : queued.slice(n);
    // (A backlog longer than one chunk is rare: lines arrive far slower than a file takes them.)
    busy = true;
    stream.write(chunk, () => pump());
  };
  const write = (line: string): void => {
    if (state !== 'open') return;
    queued.push(line);
    if (!busy) pump();
  };
  return {
    reporter: { log: (obj) => write(formatLine(obj)) },
    write,
    close: () => (closing ??= new Promise<void>((resolve) => {
      const wasOpen = state === 'open';
      if (!wasOpen) return resolve();
      // Every line written before close goes out first, then the stream ends.
      const end = () => {
        state = 'closed';
        stream.end(() => resolve());
      };
      if (busy) onIdle = end;
      else end();
    })),
  };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as NodeJS.ErrnoException).code;
    return { name: value.name, message: value.message, ...(code ? { code } : {}), stack: value.stack };
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
