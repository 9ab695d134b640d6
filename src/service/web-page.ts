import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project.js';

/** The page's files, shipped in the package's `web/` folder: plain HTML, CSS and one script, no build step. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/ui/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/ui/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/ui/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

const cache = new Map<string, string>();

/** pageFile returns the page's file served at a URL path (read once), or undefined for any other path. */
export function pageFile(path: string): { type: string; text: string } | undefined {
  const f = FILES[path];
  if (!f) return undefined;
  let text = cache.get(f.file);
  if (text === undefined) {
    text = readFileSync(join(projectRoot(), 'web', f.file), 'utf8');
    cache.set(f.file, text);
  }
  return { type: f.type, text };
}
