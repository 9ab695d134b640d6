import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { FieldError } from '../model/errors.js';

/**
 * Placement is what the folder checks need of a config: absolute paths (undefined where the schema
 * already rejected the value, so the other checks still run) and the mail switch.
 */
export interface Placement {
  file: string;
  caseInsensitive: boolean;
  left?: string;
  right?: string;
  stateDir?: string;
  logDir?: string;
  email?: { enabled: boolean; to: readonly string[] };
}

type Roots = { left: string; right: string };

/**
 * placementErrors lists what the schema cannot see: roots that are one folder or nest (every pass would
 * copy a side into itself), a stateDir or log.dir that is a file or lives inside a root (it would sync to
 * the other side), and mail switched on with nobody to mail. Paths are compared after resolving `..`,
 * links where the folders exist, Unicode form, and case when the config is case-insensitive.
 */
export function placementErrors(p: Placement): FieldError[] {
  const errors: FieldError[] = [];
  const report = (field: string, expected: string, found: string) => errors.push({ file: p.file, field, expected, found });
  const roots = p.left !== undefined && p.right !== undefined ? { left: p.left, right: p.right } : undefined;
  if (roots) rootErrors(roots, p.caseInsensitive, report);
  for (const [field, path] of [['stateDir', p.stateDir], ['log.dir', p.logDir]] as const) {
    if (path === undefined) continue;
    const blocked = blockingFile(path);
    if (blocked !== null) report(field, 'a folder (or a path where one can be created)', blocked === path ? 'a file' : `a file at ${blocked}`);
    const side = roots && insideRoot(path, roots, p.caseInsensitive);
    if (side) report(field, `a folder outside left and right (inside ${side} it would sync to the other side)`, path);
  }
  if (p.email?.enabled && p.email.to.length === 0) report('email.to', 'at least one recipient address (email.enabled is true)', '[]');
  return errors;
}

/** rootWarnings lists what may still come right before a pass: a root that does not exist yet, or is not a folder. */
export function rootWarnings(p: Pick<Placement, 'file'> & Roots): FieldError[] {
  const warnings: FieldError[] = [];
  for (const side of ['left', 'right'] as const) {
    const kind = kindOf(p[side]);
    if (kind === 'dir') continue;
    warnings.push({
      file: p.file, field: side,
      expected: 'an existing folder',
      found: `${kind === 'none' ? 'nothing' : 'a file'} (until it is a folder every pass stops with exit 3: not mounted yet?)`,
    });
  }
  return warnings;
}

function rootErrors(roots: Roots, fold: boolean, report: (field: string, expected: string, found: string) => void): void {
  const left = canonical(roots.left, fold);
  const right = canonical(roots.right, fold);
  if (left === right) {
    report('right', `a different folder than left (${roots.left})`, `${roots.right}, the same folder once case, ".." and links are resolved`);
  } else if (contains(left, right)) {
    report('right', `a folder outside left (${roots.left}): a root inside the other makes every pass nest another copy`, roots.right);
  } else if (contains(right, left)) {
    report('left', `a folder outside right (${roots.right}): a root inside the other makes every pass nest another copy`, roots.left);
  }
}

function insideRoot(path: string, roots: Roots, fold: boolean): 'left' | 'right' | null {
  const at = canonical(path, fold);
  for (const side of ['left', 'right'] as const) {
    const root = canonical(roots[side], fold);
    if (at === root || contains(root, at)) return side;
  }
  return null;
}

/** canonical resolves links through the deepest existing ancestor, then NFC and (when asked) case-folds. */
function canonical(abs: string, fold: boolean): string {
  const rest: string[] = [];
  let dir = abs;
  let real: string | undefined;
  while (real === undefined) {
    try {
      real = realpathSync.native(dir);
    } catch {
      const up = dirname(dir);
      if (up === dir) real = dir;
      else {
        rest.unshift(basename(dir));
        dir = up;
      }
    }
  }
  const path = join(real, ...rest).normalize('NFC');
  return fold ? path.toLowerCase() : path;
}

function contains(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** blockingFile returns the path itself or the ancestor that exists as something other than a folder (null when none). */
function blockingFile(abs: string): string | null {
  for (let at = abs; ; at = dirname(at)) {
    const kind = kindOf(at);
    if (kind === 'dir') return null;
    if (kind === 'other') return at;
    if (dirname(at) === at) return null;
  }
}

function kindOf(abs: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(abs).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    // Unreadable (EACCES) counts as present: the pass reports it with its own words.
    return (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'none' : 'dir';
  }
}
