import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTmp, removeTmp } from './tmp.js';

/** World is a pair of roots with a config, its state folder and its log folder, under one temp folder. */
export interface World {
  dir: string;
  left: string;
  right: string;
  config: string;
  logs: string;
  state: string;
}

/** AuditLine is one line of the JSON-lines log whose data is an action or a stop. */
export interface AuditLine {
  t: string;
  level: string;
  runId: string | null;
  msg: string;
  data: Record<string, unknown> & { event: 'action' | 'stop' };
}

/** withWorld makes a world with `config` merged over the defaults of these tests, runs `fn`, and removes it. */
export async function withWorld(config: Record<string, unknown>, fn: (w: World) => void | Promise<void>): Promise<void> {
  const dir = makeTmp('sw-e2e-audit-');
  const w: World = { dir, left: join(dir, 'left'), right: join(dir, 'right'), config: join(dir, 'config.json5'), logs: join(dir, 'logs'), state: join(dir, 'state') };
  mkdirSync(w.left);
  mkdirSync(w.right);
  writeConfig(w, config);
  try {
    await fn(w);
  } finally {
    removeTmp(dir);
  }
}

/** writeConfig writes the world's config: its roots, state and logs, a 1 KB soft-delete limit, plus `extra`. */
export function writeConfig(w: World, extra: Record<string, unknown> = {}): void {
  const { log, ...rest } = extra as { log?: Record<string, unknown> };
  const config = { left: 'left', right: 'right', stateDir: 'state', softDelete: { maxSizeMB: 0.001 }, log: { dir: 'logs', ...log }, ...rest };
  writeFileSync(w.config, JSON.stringify(config));
}

/** put writes a file (parents created), one hour in the past unless `mtimeMs` says otherwise. */
export function put(root: string, rel: string, content: string | Buffer, mtimeMs = Date.now() - 3_600_000): void {
  const file = join(root, ...rel.split('/'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
}

/** auditLines reads every action and stop line of the log folder, rotated files included, oldest first. */
export function auditLines(logs: string): AuditLine[] {
  const lines: AuditLine[] = [];
  if (!existsSync(logs)) return lines;
  for (const name of readdirSync(logs).filter((n) => n.startsWith('syncwarden.log'))) {
    for (const text of readFileSync(join(logs, name), 'utf8').split('\n').filter(Boolean)) {
      const line = JSON.parse(text) as AuditLine;
      if (line.data?.event === 'action' || line.data?.event === 'stop') lines.push(line);
    }
  }
  return lines.sort((a, b) => a.t.localeCompare(b.t));
}

/**
 * lockFolder makes a folder refuse new files, as a locked share would: `chattr +i` as root (root ignores
 * permissions), read-only permissions otherwise. It returns the undo, or null where neither works.
 */
export function lockFolder(dir: string): (() => void) | null {
  if (process.platform === 'win32') return null;
  if (process.getuid?.() === 0) {
    const r = spawnSync('chattr', ['+i', dir]);
    return r.status === 0 ? () => void spawnSync('chattr', ['-i', dir]) : null;
  }
  chmodSync(dir, 0o555);
  return () => chmodSync(dir, 0o755);
}
