/**
 * A comparison key: relative path with `/` separators, Unicode NFC, and case-folded when the
 * sync runs with Windows semantics. Two names with one key are one file.
 */
export type Key = string;

/** toKey turns a relative path (either separator) into its comparison key. */
export function toKey(rel: string, caseInsensitive: boolean): Key {
  let key = rel.includes('\\') ? rel.replaceAll('\\', '/') : rel;
  // NFC first: casefolding an NFD string can leave combining marks that NFC would have merged.
  key = key.normalize('NFC');
  return caseInsensitive ? key.toLowerCase() : key;
}

/** parentKey returns the key of the containing folder, or '' at the root. */
export function parentKey(key: Key): Key {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

/** depth counts the path segments of a key ('' is 0, 'a' is 1, 'a/b' is 2). */
export function depth(key: Key): number {
  if (key === '') return 0;
  let n = 1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 47) n++;
  return n;
}

/** isUnder tells whether `key` is `dir` itself or inside it. */
export function isUnder(key: Key, dir: Key): boolean {
  return dir === '' || key === dir || key.startsWith(dir + '/');
}
