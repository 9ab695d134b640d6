import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLastPass } from '../app/last-pass.js';
import { TEMP_PREFIX, type Config } from '../config/config.js';
import { StateStore } from '../state/store.js';
import { identity } from './check-roots.js';
import { lastPassVerdict, mtimeVerdict } from './verdicts.js';
import { result, type CheckResult } from './types.js';

/** History is what the state remembers that the checks need: files at the last sync and when the last pass ended. */
export interface History {
  baseFiles: number;
  lastPassEnd: string | null;
}

/** readHistory opens the state read-only (no lock, nothing written), so a running service is never disturbed. */
export async function readHistory(config: Config): Promise<History> {
  const store = await StateStore.open(config.stateDir, { readOnly: true });
  try {
    let baseFiles = 0;
    for (const rec of store.base.values()) if (rec.type === 'file') baseFiles++;
    const ends = [...store.runs.map((r) => r.end), readLastPass(config.stateDir)?.end].filter((e): e is string => !!e);
    return { baseFiles, lastPassEnd: ends.sort().at(-1) ?? null };
  } finally {
    await store.close();
  }
}

/** checkStateWritable creates the state folder if needed, then writes, renames and removes a file there, as a commit does. */
export function checkStateWritable(config: Config): CheckResult {
  const title = `state folder writable by ${identity()}`;
  const probe = probeName(config.stateDir);
  try {
    mkdirSync(config.stateDir, { recursive: true });
    writeFileSync(probe, 'syncwarden doctor');
    renameSync(probe, `${probe}.renamed`);
    unlinkSync(`${probe}.renamed`);
    return result('state', title, 'ok', config.stateDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return result('state', title, 'fail', `${config.stateDir}: ${code} (${(err as Error).message})`,
      'give this account write access to stateDir, or set stateDir to a folder it owns (outside both roots)');
  }
}

/**
 * checkClock compares the clock with the last pass the state recorded, then writes a probe file (named
 * like the engine's temp files, which no scan lists) in the state folder and in each listable root and
 * compares its mtime with the clock: a cloud drive or file server stamps files with its own clock.
 */
export function checkClock(config: Config, history: History, listable: ReadonlySet<string>, now: () => number = Date.now): CheckResult[] {
  const results = [lastPassVerdict(now(), history.lastPassEnd)];
  const places: [string, string][] = [['state', config.stateDir], ['left', config.left], ['right', config.right]];
  for (const [where, folder] of places) {
    if (where !== 'state' && !listable.has(where)) continue;
    const probe = probeName(folder);
    try {
      const before = now();
      writeFileSync(probe, 'syncwarden doctor');
      const mtimeMs = statSync(probe).mtimeMs;
      unlinkSync(probe);
      results.push(mtimeVerdict(where, folder, before, mtimeMs));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      results.push(result(`clock.${where}`, `a file can be written in the ${where === 'state' ? 'state folder' : `${where} root`}`, 'fail',
        `${folder}: ${code}: a pass could not write there either`, 'give this account write access to the folder'));
    }
  }
  return results;
}

function probeName(folder: string): string {
  return join(folder, `${TEMP_PREFIX}doctor-${process.pid}`);
}
