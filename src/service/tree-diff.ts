import type { Entry, Tree } from '../model/entry.js';
import type { Key } from '../model/key.js';

/**
 * diffTrees lists the keys whose entry differs between two listings of one side (added, removed, or changed
 * in type, spelling, size, mtime, mode or identity). A folder's mtime is left out: it moves with its children
 * and decides nothing, and a changed folder key would widen a pass to everything under it.
 */
export function diffTrees(was: Tree, now: Tree): Key[] {
  const out: Key[] = [];
  for (const [key, e] of now) {
    const old = was.get(key);
    if (!old || differs(old, e)) out.push(key);
  }
  for (const key of was.keys()) if (!now.has(key)) out.push(key);
  return out;
}

function differs(a: Entry, b: Entry): boolean {
  if (a.type !== b.type || a.rel !== b.rel || a.mode !== b.mode || a.ino !== b.ino) return true;
  return a.type === 'file' && (a.size !== b.size || a.mtimeMs !== b.mtimeMs);
}
