import { TEMP_PREFIX } from '../config/config.js';

/** A compiled regex as plain data, so it can cross into a worker thread. */
export interface RegexSource {
  source: string;
  flags: string;
}

/**
 * IgnoreRules are the ignore patterns compiled to regex sources (see ignore.ts). Plain data: a
 * scan worker rebuilds the matcher from them without loading the glob library.
 */
export interface IgnoreRules {
  /** Patterns for any type, tested against the name / the relative path. */
  anyName: RegexSource | null;
  anyPath: RegexSource | null;
  /** Folder-only patterns (written with a trailing '/'). */
  dirName: RegexSource | null;
  dirPath: RegexSource | null;
  /** Trash folder name as compared (lower case when case-insensitive); ignored at the root only. */
  trash: string;
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

type Pair = { base: RegExp | null; path: RegExp | null };

/** matcherOf builds the per-entry matcher from compiled rules. */
export function matcherOf(rules: IgnoreRules): IgnoreMatcher {
  const any: Pair = { base: regex(rules.anyName), path: regex(rules.anyPath) };
  const dir: Pair = { base: regex(rules.dirName), path: regex(rules.dirPath) };
  const { trash, caseInsensitive: ci } = rules;
  return {
    name(rel, name) {
      if (name.startsWith(TEMP_PREFIX)) return true;
      // The trash lives only at the root; a folder of that name deeper down is user data.
      if (rel.length === name.length && (ci ? name.toLowerCase() : name) === trash) return true;
      return matches(any, rel, name);
    },
    dir: dir.base || dir.path ? (rel, name) => matches(dir, rel, name) : () => false,
  };
}

function regex(r: RegexSource | null): RegExp | null {
  return r ? new RegExp(r.source, r.flags) : null;
}

const ASCII = /^[\x00-\x7f]*$/;

function matches(re: Pair, rel: string, name: string): boolean {
  if (re.base && re.base.test(nfc(name))) return true;
  return re.path !== null && re.path.test(nfc(rel));
}

// Most names are ASCII, where NFC is the identity; skip the normalize call for them.
function nfc(text: string): string {
  return ASCII.test(text) ? text : text.normalize('NFC');
}
