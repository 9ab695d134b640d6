import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChange, readTree, writeTree } from '../../src/scenario/disk.js';
import type { Change } from '../../src/scenario/format.js';
import { flattenTree } from '../../src/scenario/tree.js';
import { winPath } from './wine.js';

/** Office is two folders a Windows syncwarden syncs, its config (as a Windows path) and a way to edit a side. */
export interface Office {
  left: string;
  right: string;
  config: string;
  edit(side: 'left' | 'right', change: Change): void;
}

/** officeFolders lays out left (a small tree, non-ASCII names included), an empty right and a config naming them as Z:\ paths. */
export function officeFolders(home: string): Office {
  const office = join(home, 'office');
  const left = join(office, 'left');
  const right = join(office, 'right');
  mkdirSync(right, { recursive: true });
  writeTree(left, flattenTree({ 'a.txt': 'alpha', 'Docs/': { 'b.txt': 'beta', 'Unterordner/': { 'Übersicht.txt': 'ü' } } }));
  const config = join(office, 'config.json5');
  writeFileSync(config, JSON.stringify({
    left: winPath(left),
    right: winPath(right),
    stateDir: winPath(join(office, 'state')),
    log: { dir: winPath(join(office, 'logs')) },
    health: { enabled: false },
  }, null, 2));
  return { left, right, config: winPath(config), edit: (side, change) => applyChange(side === 'left' ? left : right, change) };
}

/** sideFiles maps each file of a side (trash left out) to its content. */
export function sideFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [rel, entry] of readTree(root, ['.sync_trash'])) if (entry.type === 'file') files.set(rel, entry.content);
  return files;
}
