import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';

const BIN = join(projectRoot(), 'bin', 'syncwarden');

/** cli runs bin/syncwarden as a child process (the real CLI, built dist/) and returns its exit code and output. */
export function cli(args: string[], cwd?: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** fingerprint lists every path under `dir` with type, bytes, mtime and content digest: equal fingerprints, untouched trees. */
export function fingerprint(dir: string, rel = ''): string[] {
  if (!existsSync(join(dir, rel))) return [];
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const stat = lstatSync(join(dir, path));
    if (stat.isDirectory()) out.push(`${path}/ ${stat.mtimeMs}`, ...fingerprint(dir, path));
    else out.push(`${path} ${stat.size} ${stat.mtimeMs} ${createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')}`);
  }
  return out;
}
