import { createRequire } from 'node:module';
import type JSON5Module from 'json5';

/**
 * parseJson5 parses JSON5 text exactly as the json5 package does, faster for the files syncwarden reads at
 * every start: their JSON5 (comments, unquoted keys, single quotes, trailing commas) is rewritten into JSON by
 * two native regex passes and read by JSON.parse, ~1 ms instead of json5's ~40 ms for the 20 KB default policy
 * on a cold start. Anything the rewrite does not cover — a syntax error, hex or NaN, a line continuation, an
 * escape JSON lacks, non-ASCII whitespace or names — fails JSON.parse, and the json5 package parses it instead,
 * so every value, error message and warning is the package's own.
 */
export function parseJson5(text: string): unknown {
  // The package warns about a raw U+2028 or U+2029 in a string: it keeps saying so.
  if (LINE_SEPARATORS.test(text)) return json5().parse(text);
  try {
    return JSON.parse(toJson(text));
  } catch {
    // Not one of the cases the rewrite covers: the package decides, and words the error.
    return json5().parse(text);
  }
}

// Loaded only when the fast path gives way (a syntax error is always reported by the package).
function json5(): typeof JSON5Module {
  return createRequire(import.meta.url)('json5') as typeof JSON5Module;
}

const LINE_SEPARATORS = /[\u2028\u2029]/;

// Strings are lexed as JSON5 lexes them (to the first unescaped closing quote), so a comment or a name inside one is
// never touched; a raw line break or a line continuation stays in the string, where JSON.parse rejects it.
const COMMENTS = /"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'|\/\/[^\n\r\u2028\u2029]*|\/\*[\s\S]*?\*\//g;
// A string, an ASCII name followed by a colon (a property name), or a comma before a closing bracket.
const TOKENS = /"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'|[A-Za-z_$][\w$]*(?=[ \t\n\r]*:)|,(?=[ \t\n\r]*[\]}])/g;

/** toJson rewrites JSON5 into JSON text of the same meaning, or into text that JSON.parse rejects (exported for its test). */
export function toJson(text: string): string {
  const bare = text.replace(COMMENTS, (m) => (m[0] === '/' ? ' ' : m));
  return bare.replace(TOKENS, (m, offset: number) => {
    const c = m[0];
    if (c === '"') return m;
    if (c === "'") return singleToDouble(m);
    if (c === ',') return afterValue(bare, offset) ? '' : m;
    return `"${m}"`;
  });
}

/** singleToDouble turns a single-quoted string into a double-quoted one; escapes JSON lacks stay and fail JSON.parse. */
function singleToDouble(quoted: string): string {
  const inner = quoted.slice(1, -1).replace(/\\(.)|"/g, (m, escaped: string | undefined) => {
    if (escaped === undefined) return '\\"';
    return escaped === "'" ? "'" : m;
  });
  return `"${inner}"`;
}

// A trailing comma is dropped only after a value: `[,]` and `[1,,]` must stay errors, as they are in JSON5.
function afterValue(text: string, comma: number): boolean {
  let i = comma - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i--;
  return i >= 0 && text[i] !== '[' && text[i] !== '{' && text[i] !== ',' && text[i] !== ':';
}
