import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunInfo } from '../state/types.js';

const FILE = 'last-pass.json';

/**
 * writeLastPass records a pass that changed nothing in a tiny file of its own, so an idle pass never rewrites
 * the whole state (10 MB at 90k paths) just to say when it ran.
 */
export function writeLastPass(stateDir: string, info: RunInfo): void {
  const file = join(stateDir, FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(info));
  renameSync(`${file}.tmp`, file);
}

/** readLastPass returns the last idle pass, if one was recorded and is readable. */
export function readLastPass(stateDir: string): RunInfo | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, FILE), 'utf8')) as RunInfo;
  } catch {
    return undefined;
  }
}
