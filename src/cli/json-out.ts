/** Array elements stringified per call; OPEN and CLOSE are what a batch's text starts and ends with around them. */
const BATCH = 256;
const OPEN = '[\n  [\n';
const CLOSE = '\n  ]\n]';

/**
 * jsonChunks yields exactly `JSON.stringify(value, null, 2)` of an object in pieces of about `chunkChars`,
 * a batch of top-level array elements at a time: the report of a 90k-file first copy (a plan and a result per file)
 * was one string of over 100 MB held with the objects it was made from. Nothing but the text's shape is
 * assumed: elements are stringified a batch at a time, indented where the whole would have put them.
 */
export function* jsonChunks(value: object, chunkChars = 64 * 1024): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  const add = (text: string): boolean => {
    parts.push(text);
    size += text.length;
    return size >= chunkChars;
  };
  const take = (): string => {
    const out = parts.join('');
    parts = [];
    size = 0;
    return out;
  };
  // Through toJSON and the omission of undefined, functions and symbols, as JSON.stringify does at the top.
  const top = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? [] : v])))) as Record<string, unknown>;
  const keys = Object.keys(top);
  if (!keys.length) {
    yield '{}';
    return;
  }
  add('{\n');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const v = (value as Record<string, unknown>)[key];
    const tail = i < keys.length - 1 ? ',\n' : '\n';
    if (Array.isArray(v) && v.length > 0) {
      if (add(`  ${JSON.stringify(key)}: [\n`)) yield take();
      for (let j = 0; j < v.length; j += BATCH) {
        // A batch nested two arrays deep comes out of JSON.stringify already indented as the whole would
        // indent it: no re-indenting pass over every element's text.
        const batch = JSON.stringify([v.slice(j, j + BATCH)], null, 2);
        const inner = batch.slice(OPEN.length, batch.length - CLOSE.length);
        if (add(`${inner}${j + BATCH < v.length ? ',' : ''}\n`)) yield take();
      }
      if (add(`  ]${tail}`)) yield take();
    } else {
      if (add(`  ${JSON.stringify(key)}: ${JSON.stringify(top[key], null, 2).replaceAll('\n', '\n  ')}${tail}`)) yield take();
    }
  }
  add('}');
  yield take();
}
