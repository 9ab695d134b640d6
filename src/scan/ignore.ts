// The posix build: our paths are always '/' separated, whatever the platform.
import picomatch from 'picomatch/posix.js';
import { DEFAULT_IGNORE, type Config } from '../config/config.js';
import { matcherOf, type IgnoreMatcher, type IgnoreRules, type RegexSource } from './ignore-match.js';

export type { IgnoreMatcher, IgnoreRules } from './ignore-match.js';

/** IgnoreSpec is everything the matcher is built from, as the config states it. */
export interface IgnoreSpec {
  /** User patterns, plus the defaults unless `ignoreDefaults: false`. */
  patterns: string[];
  /** Trash folder name, ignored at the root only. */
  trashFolder: string;
  caseInsensitive: boolean;
}

/** ignoreSpecOf picks the ignore settings out of a resolved config. */
export function ignoreSpecOf(config: Pick<Config, 'ignore' | 'ignoreDefaults' | 'softDelete' | 'caseInsensitive'>): IgnoreSpec {
  return {
    patterns: [...(config.ignoreDefaults ? DEFAULT_IGNORE : []), ...config.ignore],
    trashFolder: config.softDelete.folder,
    caseInsensitive: config.caseInsensitive,
  };
}

/**
 * ignoreRules compiles a spec. A pattern without '/' matches one name at any depth (like a
 * gitignore basename pattern); one with '/' matches the whole relative path (a leading '/' is
 * dropped); a trailing '/' limits it to folders. Backslashes count as '/', because Windows admins
 * write paths that way and Windows names cannot hold glob characters that would need escaping.
 * Names and patterns are compared in Unicode NFC, case-insensitively when the spec says so; the
 * engine's temp files and the root's trash folder are always ignored.
 */
export function ignoreRules(spec: IgnoreSpec): IgnoreRules {
  const any: string[] = [];
  const dirOnly: string[] = [];
  for (const raw of spec.patterns) {
    const p = raw.replaceAll('\\', '/').normalize('NFC');
    if (p.endsWith('/')) dirOnly.push(p.replace(/\/+$/, ''));
    else any.push(p);
  }
  const ci = spec.caseInsensitive;
  const [anyName, anyPath] = split(any, ci);
  const [dirName, dirPath] = split(dirOnly.filter((p) => p !== ''), ci);
  return { anyName, anyPath, dirName, dirPath, trash: ci ? spec.trashFolder.toLowerCase() : spec.trashFolder, caseInsensitive: ci };
}

/** compileIgnore builds the matcher for a spec (ignoreRules then matcherOf). */
export function compileIgnore(spec: IgnoreSpec): IgnoreMatcher {
  return matcherOf(ignoreRules(spec));
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

// Name patterns and path patterns, each as one alternation: one or two regex tests per entry, however many patterns.
function split(patterns: string[], nocase: boolean): [RegexSource | null, RegexSource | null] {
  const names = patterns.filter((p) => !p.includes('/'));
  const paths = patterns.filter((p) => p.includes('/')).map((p) => p.replace(/^\/+/, ''));
  return [union(names, nocase), union(paths, nocase)];
}

function union(patterns: string[], nocase: boolean): RegexSource | null {
  if (!patterns.length) return null;
  const sources = patterns.map((p) => `(?:${picomatch.makeRe(p, { dot: true, nocase }).source})`);
  return { source: sources.join('|'), flags: nocase ? 'i' : '' };
}
