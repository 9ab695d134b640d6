/**
 * jsonChunks yields exactly `JSON.stringify(value, null, 2)` of an object in pieces of about `chunkChars`,
 * one top-level array element at a time: the report of a 90k-file first copy (a plan and a result per file)
 * was one string of over 100 MB held with the objects it was made from. Nothing but the text's shape is
 * assumed: each element is stringified alone and indented where the whole would have put it.
 */
export function* jsonChunks(value: object, chunkChars = 64 * 1024): Generator<string> {
  let buf = '';
  const push = function* (text: string): Generator<string> {
    buf += text;
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  };
  // Through toJSON and the omission of undefined, functions and symbols, as JSON.stringify does at the top.
  const top = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? [] : v])))) as Record<string, unknown>;
  const keys = Object.keys(top);
  if (!keys.length) {
    yield '{}';
    return;
  }
  yield* push('{\n');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const v = (value as Record<string, unknown>)[key];
    const tail = i < keys.length - 1 ? ',\n' : '\n';
    if (Array.isArray(v) && v.length > 0) {
      yield* push(`  ${JSON.stringify(key)}: [\n`);
      for (let j = 0; j < v.length; j++) {
        const el = JSON.stringify(v[j], null, 2) ?? 'null';
        yield* push(`    ${el.replaceAll('\n', '\n    ')}${j < v.length - 1 ? ',' : ''}\n`);
      }
      yield* push(`  ]${tail}`);
    } else {
      yield* push(`  ${JSON.stringify(key)}: ${JSON.stringify(top[key], null, 2).replaceAll('\n', '\n  ')}${tail}`);
    }
  }
  yield* push('}');
  if (buf) yield buf;
}
