import { randomBytes } from 'node:crypto';
import { join, sep } from 'node:path';
import { TEMP_PREFIX } from '../config/config.js';

/** absPath joins a '/'-separated relative path onto a root with the platform's separator. */
export function absPath(root: string, rel: string): string {
  const segments = rel.split('/');
  // A plan is data; a bad rel must never reach outside the root or onto the root itself. A backslash is
  // a separator only on Windows; on Linux it is an ordinary character of a name.
  if (segments.some((s) => s === '' || s === '.' || s === '..' || (sep === '\\' && s.includes('\\')))) {
    throw Object.assign(new Error(`bad relative path '${rel}'`), { code: 'EBADPATH' });
  }
  // Checked segments need no normalising: only the root may (a trailing separator, a relative root).
  return rootPrefix(root) + (sep === '/' ? rel : segments.join(sep));
}

// A copy makes about ten paths; path.join normalised each one whole, a visible share of a 90k-file copy.
let lastRoot = '';
let lastPrefix = '';
function rootPrefix(root: string): string {
  if (root !== lastRoot) {
    const normal = join(root);
    lastPrefix = normal.endsWith(sep) ? normal : normal + sep;
    lastRoot = root;
  }
  return lastPrefix;
}

/** parentRel returns the folder part of a relative path ('' at the root). */
export function parentRel(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}

/** joinRel appends a name to a relative folder path ('' is the root). */
export function joinRel(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** sameEntryName tells whether two relative paths name one entry on a case-insensitive disk. */
export function sameEntryName(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}

/** tempRel names a fresh temp file beside `rel`; the scanner ignores TEMP_PREFIX, so a crash leaves no phantom file. */
export function tempRel(rel: string): string {
  return joinRel(parentRel(rel), TEMP_PREFIX + randomHex());
}

// Random bytes are drawn a few kilobytes at a time: one crypto call per temp name was a visible share of a
// 90k-file copy.
let pool = Buffer.alloc(0);
let at = 0;
function randomHex(): string {
  if (at + 6 > pool.length) {
    pool = randomBytes(6 * 1024);
    at = 0;
  }
  at += 6;
  return pool.toString('hex', at - 6, at);
}
