import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_PREFIX } from '../../src/config/config.js';

/** Tree is a root's content: files (content, mtime) and folders, split into the live tree and the trash. */
export interface Tree { files: Map<string, { content: string; mtimeMs: number }>; dirs: Set<string>; trash: string[]; temps: string[] }

/** readTree lists a root; the trash folder's files are kept apart by content. */
export function readTree(root: string, trashFolder = '.sync_trash'): Tree {
  const tree: Tree = { files: new Map(), dirs: new Set(), trash: [], temps: [] };
  const walk = (rel: string, inTrash: boolean): void => {
    if (!existsSync(join(root, rel))) return;
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      const trash = inTrash || path === trashFolder;
      if (st.isDirectory()) {
        if (!trash) tree.dirs.add(path);
        walk(path, trash);
      } else if (name.startsWith(TEMP_PREFIX)) tree.temps.push(path);
      else if (trash) tree.trash.push(readFileSync(join(root, path), 'utf8'));
      else tree.files.set(path, { content: readFileSync(join(root, path), 'utf8'), mtimeMs: st.mtimeMs });
    }
  };
  walk('', false);
  return tree;
}

/** show renders a tree for a failure message. */
export function show(tree: Tree): string {
  const files = [...tree.files].map(([p, f]) => `${p}=${JSON.stringify(f.content.trim())}`);
  return `files {${files.join(', ')}} dirs {${[...tree.dirs].join(', ')}} trash [${tree.trash.map((c) => JSON.stringify(c.trim())).join(', ')}]`;
}
