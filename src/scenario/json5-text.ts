import JSON5 from 'json5';

/** Token is one lexical unit of JSON5 text; whitespace and comments are skipped. */
interface Token {
  kind: 'punct' | 'string' | 'word';
  start: number;
  end: number;
}

const PUNCT = '{}[]:,';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * toJson5 prints a value as JSON5 the way a person writes it: short containers on one line (unless `expand`),
 * trailing commas, single quotes.
 */
export function toJson5(value: unknown, indent = '', width = 110, expand = false): string {
  const flat = inline(value);
  const empty = Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
  if (typeof value !== 'object' || value === null || empty || (!expand && indent.length + flat.length <= width)) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${inner}${toJson5(v, inner, width)},\n`).join('')}${indent}]`;
  }
  const lines = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    const key = keyText(k);
    return `${inner}${key}: ${toJson5(v, inner, width - key.length - 2)},\n`;
  });
  return `{\n${lines.join('')}${indent}}`;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return value.length ? `[${value.map(inline).join(', ')}]` : '[]';
  if (typeof value === 'object' && value !== null) {
    const parts = Object.entries(value).map(([k, v]) => `${keyText(k)}: ${inline(v)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return visible(JSON5.stringify(value));
}

function keyText(key: string): string {
  return IDENTIFIER.test(key) ? key : visible(JSON5.stringify(key));
}

// Combining marks and invisible characters are escaped, so an NFD name or a stray zero-width space shows in a diff.
function visible(quoted: string): string {
  return quoted.replace(/[\p{M}\p{Cf}\u00a0\u2000-\u200f\u2028\u2029]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** tokenize splits JSON5 text into tokens, skipping whitespace and comments. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (text.startsWith('//', i)) i = lineEnd(text, i);
    else if (text.startsWith('/*', i)) i = text.includes('*/', i + 2) ? text.indexOf('*/', i + 2) + 2 : text.length;
    else if (PUNCT.includes(c)) tokens.push({ kind: 'punct', start: i, end: ++i });
    else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', start: i, end: (i = j + 1) });
    } else {
      let j = i;
      while (j < text.length && !/[\s{}[\]:,'"]/.test(text[j]) && !text.startsWith('//', j) && !text.startsWith('/*', j)) j++;
      tokens.push({ kind: 'word', start: i, end: (i = j) });
    }
  }
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** keyName reads a key token's name (bare or quoted). */
function keyName(text: string, token: Token): string {
  const raw = text.slice(token.start, token.end);
  return token.kind === 'string' ? (JSON5.parse(raw) as string) : raw;
}

/**
 * setTopLevel replaces the value of one key of the top-level object in JSON5 text, keeping everything else
 * (comments included) as written; a missing key is added at the end. The text must parse as an object.
 */
export function setTopLevel(text: string, key: string, value: unknown): string {
  const tokens = tokenize(text);
  let depth = 0;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    const ch = text[tok.start];
    if (tok.kind === 'punct' && '{['.includes(ch)) depth++;
    else if (tok.kind === 'punct' && '}]'.includes(ch)) depth--;
    else if (depth === 1 && tok.kind !== 'punct' && tokens[t + 1] && text[tokens[t + 1].start] === ':' && keyName(text, tok) === key) {
      const start = tokens[t + 2].start;
      const end = valueEnd(text, tokens, t + 2);
      return text.slice(0, start) + toJson5(value, indentAt(text, tok.start), undefined, true) + text.slice(end);
    }
  }
  return appendKey(text, tokens, key, value);
}

// The value runs until the ',' or '}' that returns to the top-level object.
function valueEnd(text: string, tokens: Token[], from: number): number {
  let depth = 0;
  let end = tokens[from].end;
  for (let t = from; t < tokens.length; t++) {
    const ch = text[tokens[t].start];
    if (tokens[t].kind === 'punct' && '{['.includes(ch)) depth++;
    else if (tokens[t].kind === 'punct' && '}]'.includes(ch)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && ch === ',' && tokens[t].kind === 'punct') break;
    end = tokens[t].end;
  }
  return end;
}

function appendKey(text: string, tokens: Token[], key: string, value: unknown): string {
  const close = tokens[tokens.length - 1];
  const last = tokens[tokens.length - 2];
  const comma = last && text[last.start] !== ',' && text[last.start] !== '{' ? ',' : '';
  const before = text.slice(0, last ? last.end : close.start) + comma;
  return `${before}\n  ${keyText(key)}: ${toJson5(value, '  ', undefined, true)},\n${text.slice(close.start)}`;
}

function indentAt(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, at))![0];
}
