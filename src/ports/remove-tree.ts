import { join } from 'node:path';
import type { FsDirent, FsPort } from './fs.js';

/**
 * removeTree deletes a folder and everything in it through a port, entries before their folder; links are
 * removed, never followed, and a name already gone is no error (as `rm -rf`).
 */
export async function removeTree(fs: FsPort, dir: string): Promise<void> {
  let entries: FsDirent[];
  try {
    entries = await fs.readdir(dir);
  } catch (err) {
    if (isGone(err)) return;
    throw err;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.type === 'dir') await removeTree(fs, path);
    else await fs.unlink(path).catch(ignoreGone);
  }
  await fs.rmdir(dir).catch(ignoreGone);
}

function isGone(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

function ignoreGone(err: unknown): void {
  if (!isGone(err)) throw err;
}
