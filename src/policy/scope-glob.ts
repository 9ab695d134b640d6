import picomatch from 'picomatch';
import type { Specificity } from './types.js';

const META = /[*?[\]{}()!+@|]/;

/** ScopeMatcher tests keys against one scope glob. */
export interface ScopeMatcher {
  glob: string;
  /** `X/**`: the glob matches a key iff `X` matches the key or one of its ancestors. */
  subtree: boolean;
  /** `**` alone: every key. */
  all: boolean;
  /** For a subtree glob, tests `X` (the key itself, not its ancestors); otherwise tests the whole glob. */
  test(key: string): boolean;
}

/**
 * normaliseScope turns a scope as written into its comparison form: NFC, lower-cased when
 * case-insensitive, and the one glob convention of ignore[] and .gitignore made explicit: a pattern
 * without '/' matches the name at any depth (it gains a leading `**` segment), a leading '/' anchors
 * it at the root (the '/' is dropped), any other pattern is a path from the root.
 */
export function normaliseScope(scope: string, caseInsensitive: boolean): string {
  const nfc = scope.normalize('NFC');
  const cased = caseInsensitive ? nfc.toLowerCase() : nfc;
  if (cased.startsWith('/')) return cased.slice(1);
  const everything = cased.split('/').every((s) => s === '**');
  return cased.includes('/') || everything ? cased : `**/${cased}`;
}

/** compileScope builds the matcher of a normalised scope glob (dot files included). */
export function compileScope(glob: string, caseInsensitive: boolean): ScopeMatcher {
  const options = { dot: true, nocase: caseInsensitive };
  const all = glob.split('/').every((s) => s === '**');
  const subtree = !all && glob.endsWith('/**');
  const match = picomatch(subtree ? glob.slice(0, -3) : glob, options);
  return { glob, subtree, all, test: all ? () => true : (key) => match(key) };
}

/** matchesKey tells whether a scope governs a key (walking ancestors for a subtree glob). */
export function matchesKey(matcher: ScopeMatcher, key: string): boolean {
  if (matcher.all || matcher.test(key)) return true;
  if (!matcher.subtree) return false;
  for (let slash = key.lastIndexOf('/'); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
    if (matcher.test(key.slice(0, slash))) return true;
  }
  return false;
}

/**
 * specificityOf ranks a normalised scope glob: more literal segments first, then more segments other
 * than `**` (deeper), then fewer `**` (anchored before floating), then more literal characters.
 * So `Accounts/2026/**` beats `Accounts/**`, which beats `/*.docx` (top level only), which beats
 * `*.docx` (any depth), which beats `**`.
 */
export function specificityOf(glob: string): Specificity {
  const segments = trimGlobstars(glob);
  let literal = 0;
  let fixed = 0;
  let globstars = 0;
  let chars = 0;
  for (const segment of segments) {
    if (!META.test(segment)) literal++;
    if (segment !== '**') fixed++;
    else globstars++;
    for (const ch of segment) if (!META.test(ch)) chars++;
  }
  return [literal, fixed, globstars, chars];
}

/** UNSCOPED_SPECIFICITY ranks files without a scope below every glob. */
export const UNSCOPED_SPECIFICITY: Specificity = [-1, -1, 0, -1];

/** compareSpecificity orders more specific first (negative when a is more specific than b). */
export function compareSpecificity(a: Specificity, b: Specificity): number {
  return b[0] - a[0] || b[1] - a[1] || a[2] - b[2] || b[3] - a[3];
}

/**
 * exampleKey instantiates a glob's wildcards with `x` to get a key it matches, or null when the glob
 * uses classes, braces or extglobs (then no example is guessed).
 */
export function exampleKey(glob: string): string | null {
  if (/[[\]{}()!+@|]/.test(glob)) return null;
  const segments = trimGlobstars(glob).map((s) => (s === '**' ? 'x' : s.replace(/[*?]/g, 'x')));
  return segments.join('/');
}

/** literalPrefix is the glob without a trailing `/**` when the rest holds no wildcard, else null. */
export function literalPrefix(glob: string): string | null {
  const rest = trimGlobstars(glob).join('/');
  return META.test(rest) ? null : rest;
}

/**
 * implies tells whether every key matched by `narrow` is provably matched by `wide` too (sound, not
 * complete: only literal narrow globs are judged, e.g. `Accounts/2026/**` implies `Accounts/**`).
 */
export function implies(narrow: ScopeMatcher, wide: ScopeMatcher): boolean {
  if (wide.all) return true;
  const prefix = literalPrefix(narrow.glob);
  if (prefix === null || prefix === '') return false;
  if (narrow.subtree) return wide.subtree && matchesKey(wide, prefix);
  return matchesKey(wide, prefix);
}

function trimGlobstars(glob: string): string[] {
  const segments = glob.split('/');
  while (segments.length > 1 && segments[segments.length - 1] === '**') segments.pop();
  return segments;
}
