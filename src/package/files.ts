import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleFile } from './layout.js';

/** listFiles lists every file below `root` as a relative path with `/` (links count as files, never followed), sorted. */
export function listFiles(root: string): string[] {
  return walk(root).map((f) => f.rel);
}

/** listModuleFiles lists every file below `root` with whether it is a link and its first bytes, for layout.moduleProblems. */
export function listModuleFiles(root: string): ModuleFile[] {
  return walk(root).map((f) => ({ ...f, head: f.symlink ? new Uint8Array() : head(join(root, f.rel)) }));
}

function walk(root: string, prefix = ''): { rel: string; symlink: boolean }[] {
  const out: { rel: string; symlink: boolean }[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(root, rel));
    else out.push({ rel, symlink: entry.isSymbolicLink() });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

function head(path: string): Uint8Array {
  if (lstatSync(path).size < 4) return new Uint8Array();
  const buf = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return buf;
}
