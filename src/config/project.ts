import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** projectRoot finds the installed package's folder (holding schemas/ and policies/), from src/ or dist/src/. */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'schemas', 'config.schema.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('syncwarden: cannot find its schemas/ folder');
    dir = up;
  }
  root = dir;
  return dir;
}
