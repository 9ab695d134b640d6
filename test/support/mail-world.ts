import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmp, removeTmp } from './tmp.js';

/** T1 and T2 are fixed file times of the mail tests. */
export const T1 = new Date('2026-11-20T10:00:00Z');
export const T2 = new Date('2026-11-21T09:30:05Z');
/** ENV pins the time zone of CLI children: mail times are local, so the expected strings hold anywhere. */
export const ENV = { TZ: 'UTC' };

/** World is one test's folder: config file, roots, and where the outbox lives. */
export interface World { dir: string; config: string; left: string; right: string; outbox: string }

/** withWorld runs `fn` with empty left and right roots in a fresh temp folder, removed afterwards. */
export async function withWorld(fn: (w: World) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-e2e-mail-');
  const w: World = { dir, config: join(dir, 'config.json5'), left: join(dir, 'left'), right: join(dir, 'right'), outbox: join(dir, 'state', 'outbox') };
  mkdirSync(w.left);
  mkdirSync(w.right);
  try {
    await fn(w);
  } finally {
    removeTmp(dir);
  }
}

/** MailSetup is what writeConfig varies: the server port, extra `email` keys, the right root, a login, the time-out. */
export interface MailSetup { port: number; email?: string; right?: string; login?: boolean; timeoutMs?: number }

/**
 * writeConfig writes a config mailing admin@office.test through 127.0.0.1:`port`. The server shares the test process
 * while CLI children load the CPU: a generous time-out where it is up keeps the tests steady; a closed port fails at
 * once whatever the time-out.
 */
export function writeConfig(w: World, { port, email = '', right = 'right', login = false, timeoutMs = 3000 }: MailSetup): void {
  const auth = login ? ", user: 'office', passwordEnv: 'SW_E2E_PW'" : '';
  writeFileSync(w.config, `{ left: 'left', right: '${right}', stateDir: 'state', log: { dir: 'logs' },
    email: { enabled: true, mode: 'both', from: 'sync@office.test', to: ['admin@office.test'], ${email}
      smtp: { host: '127.0.0.1', port: ${port}, timeoutMs: ${timeoutMs}${auth} } } }`);
}

/** LogLine is the part of a log line the tests read. */
export interface LogLine { t: string; tag: string | null; msg: string }

/** logLines reads the JSON-lines log of a world. */
export function logLines(w: World): LogLine[] {
  return readFileSync(join(w.dir, 'logs', 'syncwarden.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
}

/** mailDelayMs is the time from the pass's last log line to the last mail failure line. */
export function mailDelayMs(w: World): number {
  const lines = logLines(w);
  const at = lines.findLastIndex((l) => l.tag === 'mail' && l.msg.startsWith('mail not sent'));
  assert.ok(at > 0, 'a mail failure is logged');
  const pass = lines.slice(0, at).reverse().find((l) => l.tag === 'sync')!;
  return Date.parse(lines[at]!.t) - Date.parse(pass.t);
}

/** ageOutbox moves every backoff in the outbox `ms` into the past: as far as retries are concerned, `ms` went by. */
export function ageOutbox(w: World, ms: number): void {
  for (const name of readdirSync(w.outbox).filter((n) => n.endsWith('.json'))) {
    const file = join(w.outbox, name);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof data.nextTryAt !== 'string') continue;
    writeFileSync(file, JSON.stringify({ ...data, nextTryAt: new Date(Date.parse(data.nextTryAt) - ms).toISOString() }));
  }
}

/** waiting lists the messages still queued in the outbox (not the set-aside ones). */
export function waiting(w: World): string[] {
  return readdirSync(w.outbox).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
}

/** HOUR is an hour in milliseconds. */
export const HOUR = 3_600_000;

/** put writes a file with a given mtime. */
export function put(path: string, text: string, mtime: Date): void {
  writeFileSync(path, text);
  utimesSync(path, mtime, mtime);
}

