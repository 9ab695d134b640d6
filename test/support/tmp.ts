import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

const MARKER = '.syncwarden-test-root';

/** makeTmp creates a fresh folder under os.tmpdir() holding a marker file; remove it with removeTmp. */
export function makeTmp(prefix = 'sw-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, MARKER), '');
  return dir;
}

/** removeTmp deletes a folder made by makeTmp, and refuses anything else. */
export function removeTmp(dir: string): void {
  const abs = resolve(dir);
  if (!abs.startsWith(resolve(tmpdir()) + sep) || !existsSync(join(abs, MARKER))) {
    throw new Error(`refusing to remove ${abs}: not a marked test folder under the temp dir`);
  }
  rmSync(abs, { recursive: true, force: true });
}
