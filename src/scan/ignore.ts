// The posix build: our paths are always '/' separated, whatever the platform.
import picomatch from 'picomatch/posix.js';
import { DEFAULT_IGNORE, TEMP_PREFIX, type Config } from '../config/config.js';

/**
 * IgnoreSpec is everything the matcher is built from: plain data, so a scan worker thread can
 * rebuild the same matcher from it.
 */
export interface IgnoreSpec {
  /** User patterns, plus the defaults unless `ignoreDefaults: false`. */
  patterns: string[];
  /** Trash folder name, ignored at the root only. */
  trashFolder: string;
  caseInsensitive: boolean;
}

/**
 * IgnoreMatcher answers per directory entry. The scanner asks `name` before it stats an entry and
 * `dir` once it knows the entry is a folder, so ignored files cost no stat and folder-only patterns
 * (a trailing '/') still work.
 */
export interface IgnoreMatcher {
  /** Ignored whatever its type. `rel` is the path as found ('/' separated), `name` its last segment. */
  name(rel: string, name: string): boolean;
  /** Ignored by a folder-only pattern (call only for folders, after `name` said no). */
  dir(rel: string, name: string): boolean;
}

/** ignoreSpecOf picks the ignore settings out of a resolved config. */
export function ignoreSpecOf(config: Pick<Config, 'ignore' | 'ignoreDefaults' | 'softDelete' | 'caseInsensitive'>): IgnoreSpec {
  return {
    patterns: [...(config.ignoreDefaults ? DEFAULT_IGNORE : []), ...config.ignore],
    trashFolder: config.softDelete.folder,
    caseInsensitive: config.caseInsensitive,
  };
}

type Compiled = { base: RegExp | null; path: RegExp | null };

/**
 * compileIgnore builds a matcher. A pattern without '/' matches one name at any depth (like a
 * gitignore basename pattern); one with '/' matches the whole relative path (a leading '/' is
 * dropped); a trailing '/' limits it to folders. Backslashes count as '/', because Windows admins
 * write paths that way and Windows names cannot hold glob characters that would need escaping.
 * Names and patterns are compared in Unicode NFC, case-insensitively when the spec says so.
 */
export function compileIgnore(spec: IgnoreSpec): IgnoreMatcher {
  const any: string[] = [];
  const dirOnly: string[] = [];
  for (const raw of spec.patterns) {
    const p = raw.replaceAll('\\', '/').normalize('NFC');
    if (p.endsWith('/')) dirOnly.push(p.replace(/\/+$/, ''));
    else any.push(p);
  }
  const ci = spec.caseInsensitive;
  const anyRe = compile(any, ci);
  const dirRe = compile(dirOnly.filter((p) => p !== ''), ci);
  const trash = ci ? spec.trashFolder.toLowerCase() : spec.trashFolder;
  return {
    name(rel, name) {
      if (name.startsWith(TEMP_PREFIX)) return true;
      // The trash lives only at the root; a folder of that name deeper down is user data.
      if (rel.length === name.length && (ci ? name.toLowerCase() : name) === trash) return true;
      return matches(anyRe, rel, name);
    },
    dir: dirRe.base || dirRe.path ? (rel, name) => matches(dirRe, rel, name) : () => false,
  };
}

/** ignoresPath tells whether `rel` or any folder above it is ignored (for callers that see paths, not walks). */
export function ignoresPath(matcher: IgnoreMatcher, rel: string, isDir: boolean): boolean {
  const parts = rel.replaceAll('\\', '/').split('/').filter((p) => p !== '');
  let prefix = '';
  for (let i = 0; i < parts.length; i++) {
    prefix = prefix ? `${prefix}/${parts[i]}` : parts[i];
    if (matcher.name(prefix, parts[i])) return true;
    if ((isDir || i < parts.length - 1) && matcher.dir(prefix, parts[i])) return true;
  }
  return false;
}

// One alternation per kind keeps the per-entry cost at one or two regex tests, however many patterns.
function compile(patterns: string[], nocase: boolean): Compiled {
  const base: string[] = [];
  const path: string[] = [];
  for (const p of patterns) {
    if (p.includes('/')) path.push(p.replace(/^\/+/, ''));
    else base.push(p);
  }
  return { base: union(base, nocase), path: union(path, nocase) };
}

function union(patterns: string[], nocase: boolean): RegExp | null {
  if (!patterns.length) return null;
  const sources = patterns.map((p) => `(?:${picomatch.makeRe(p, { dot: true, nocase }).source})`);
  return new RegExp(sources.join('|'), nocase ? 'i' : '');
}

const ASCII = /^[\x00-\x7f]*$/;

function matches(re: Compiled, rel: string, name: string): boolean {
  if (re.base && re.base.test(nfc(name))) return true;
  return re.path !== null && re.path.test(nfc(rel));
}

// Most names are ASCII, where NFC is the identity; skip the normalize call for them.
function nfc(text: string): string {
  return ASCII.test(text) ? text : text.normalize('NFC');
}
