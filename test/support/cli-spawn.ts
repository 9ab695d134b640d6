import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';

const BIN = join(projectRoot(), 'bin', 'syncwarden');

/** CliRun is a CLI child process still running: its pid and the promise of its outcome. */
export interface CliRun {
  pid: number | undefined;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** cliSpawn starts bin/syncwarden without waiting for it (cli() waits), with extra environment variables. */
export function cliSpawn(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { pid: child.pid, done };
}
