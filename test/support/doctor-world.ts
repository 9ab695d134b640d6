import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';
import { makeTmp, removeTmp } from './tmp.js';

/** DoctorWorld is a temp folder with left/ (two files), right/ and a config naming them, for doctor and service tests. */
export interface DoctorWorld {
  dir: string;
  config: string;
  left: string;
  right: string;
  /** Rewrites the config; `extra` goes inside its braces after the roots. */
  writeConfig(extra?: string): void;
}

/** withWorld runs `fn` on a fresh world and always removes it. */
export async function withWorld(prefix: string, fn: (w: DoctorWorld) => Promise<void> | void): Promise<void> {
  const dir = makeTmp(prefix);
  try {
    const left = join(dir, 'left');
    const right = join(dir, 'right');
    mkdirSync(join(left, 'sub'), { recursive: true });
    mkdirSync(right);
    writeFileSync(join(left, 'a.txt'), 'a');
    writeFileSync(join(left, 'sub', 'b.txt'), 'bb');
    const config = join(dir, 'config.json5');
    const writeConfig = (extra = '') => writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' }, ${extra} }`);
    writeConfig();
    await fn({ dir, config, left, right, writeConfig });
  } finally {
    removeTmp(dir);
  }
}

/** asUser runs bin/syncwarden as another account through runuser (root only), the way a service account would run it. */
export function asUser(user: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('runuser', ['-u', user, '--', process.execPath, join(projectRoot(), 'bin', 'syncwarden'), ...args], {
    encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** openToAll lets other accounts read a world's folder (mkdtemp makes it 0700), so runuser tests reach what they should. */
export function openToAll(dir: string): void {
  chmodSync(dir, 0o755);
}

/** line finds the checklist line of a check by its title's start; '' when absent. */
export function line(stdout: string, title: string): string {
  return stdout.split('\n').find((l) => l.slice(2).startsWith(title)) ?? '';
}
