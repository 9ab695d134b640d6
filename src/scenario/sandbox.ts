import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

// The same fence as the tests' temp folders: nothing is ever removed outside os.tmpdir() or without the marker.
const MARKER = '.syncwarden-test-root';

/** Sandbox is one scenario's temp root and the folders the runner gives the engine. */
export interface Sandbox {
  root: string;
  left: string;
  right: string;
  state: string;
  policies: string;
  logs: string;
}

/** makeSandbox creates a fresh marked folder under os.tmpdir() with left/, right/, state/, policies/ and logs/. */
export function makeSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'sw-scenario-'));
  writeFileSync(join(root, MARKER), '');
  const box: Sandbox = {
    root, left: join(root, 'left'), right: join(root, 'right'), state: join(root, 'state'),
    policies: join(root, 'policies'), logs: join(root, 'logs'),
  };
  for (const dir of [box.left, box.right, box.state, box.policies, box.logs]) mkdirSync(dir);
  return box;
}

/** removeSandbox deletes a sandbox, and refuses any folder that is not a marked one under the temp dir. */
export function removeSandbox(box: Pick<Sandbox, 'root'>): void {
  const abs = resolve(box.root);
  if (!abs.startsWith(resolve(tmpdir()) + sep) || !existsSync(join(abs, MARKER))) {
    throw new Error(`refusing to remove ${abs}: not a marked scenario folder under the temp dir`);
  }
  rmSync(abs, { recursive: true, force: true, maxRetries: 3 });
}
