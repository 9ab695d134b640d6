import { join } from 'node:path';
import type { SyncReport } from '../../src/app/sync-pass.js';
import type { Config } from '../../src/config/config.js';
import { resolveConfig } from '../../src/config/load.js';
import type { Key } from '../../src/model/key.js';
import type { ConflictRecord } from '../../src/model/conflict.js';
import { silentLogger, type Logger } from '../../src/ports/log.js';
import { makeTmp, removeTmp } from './tmp.js';

/** recordingLog keeps every line as `<level> <message> <data>`. */
export function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = silentLogger();
  const push = (level: string) => (msg: string, data?: object) => void lines.push(`${level} ${msg} ${data ? JSON.stringify(data) : ''}`);
  return { ...log, lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

/** configFor is a resolved config mailing admin@office.test through 127.0.0.1:`port`, `email` keys overriding. */
export function configFor(dir: string, port: number, email: Record<string, unknown> = {}): Config {
  // Generous where the server is up (it shares the CPU with CLI children of other tests); tests of time-outs set 300.
  const smtp = { host: '127.0.0.1', port, timeoutMs: 1000, ...(email.smtp as object) };
  return resolveConfig({ left: 'l', right: 'r', stateDir: 'state', email: { enabled: true, to: ['admin@office.test'], from: 'sw@office.test', ...email, smtp } }, join(dir, 'config.json5'));
}

/** conflict and report are a settled bothChanged conflict and a pass that met it. */
export const conflict = { key: 'a.txt' as Key, rule: 'bothChanged', option: 'option1', newer: 'left', left: { rel: 'a.txt', size: 3, mtimeMs: 0 }, right: { rel: 'a.txt', size: 4, mtimeMs: 0 }, actions: ['x'], status: 'settled', firstSeen: '', lastSeen: '' } as ConflictRecord;
export const report = { runId: 'run-42', dryRun: false, exitCode: 0, plan: [], results: [], problems: [], conflicts: [conflict], counts: { conflicts: 1, 'conflict:bothChanged': 1 }, ms: { scan: 0, plan: 0, execute: 0, total: 5 } } as SyncReport;

/** withDir runs `fn` in a fresh temp folder, removed afterwards. */
export async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-flush-');
  try {
    await fn(dir);
  } finally {
    removeTmp(dir);
  }
}

