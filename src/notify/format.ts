import { localTime, scaled } from '../text/units.js';
import type { Rendered } from './types.js';

/** Row is one line of a two-form table: plain cells, escaped for HTML only when rendered. */
export type Row = readonly string[];

/** Section is a titled block of a mail: paragraphs, a table, or a bullet list. */
export type Section =
  | { kind: 'para'; text: string }
  | { kind: 'table'; head?: Row; rows: Row[] }
  | { kind: 'list'; title: string; items: string[] };

/** escapeHtml makes text safe inside HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** formatSize writes exact bytes plus a readable size in MB of 1,048,576 bytes (as Explorer counts), or `absent`. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return 'absent';
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const { n, unit } = scaled(bytes);
  return `${exact} (${n.toFixed(1)} ${unit})`;
}

/** formatTime writes an epoch time as local `YYYY-MM-DD HH:MM:SS ±HH:MM`, or `absent`. */
export function formatTime(ms: number | null): string {
  return ms === null ? 'absent' : localTime(ms);
}

/** formatDuration writes milliseconds as `850 ms` or `2.35 s`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** plural writes `1 copy` / `3 copies` style counts. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** renderSections turns a subject, a heading and sections into the plain-text and HTML bodies of one mail. */
export function renderSections(subject: string, heading: string, sections: Section[], footer: string): Rendered {
  const text = [heading, '', ...sections.map(textOf), footer, ''].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(heading)}</h2>`,
    ...sections.map(htmlOf),
    `<p style="color:#666">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function textOf(section: Section): string {
  if (section.kind === 'para') return `${section.text}\n`;
  if (section.kind === 'list') return `${section.title}\n${section.items.map((i) => `  - ${i}`).join('\n')}\n`;
  const rows = section.head ? [section.head, ...section.rows] : section.rows;
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  // The last column is not padded: no trailing blanks for mail clients to mangle.
  return `${rows.map((r) => r.map((cell, col) => (col < r.length - 1 ? cell.padEnd(widths[col] ?? 0) : cell)).join('  ')).join('\n')}\n`;
}

function htmlOf(section: Section): string {
  if (section.kind === 'para') return `<p>${escapeHtml(section.text).replace(/\n/g, '<br>')}</p>`;
  if (section.kind === 'list') {
    return `<p>${escapeHtml(section.title)}</p><ul>${section.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  }
  const cell = (tag: string) => (c: string) => `<${tag} style="border:1px solid #ccc;padding:2px 6px;text-align:left">${escapeHtml(c)}</${tag}>`;
  const head = section.head ? `<tr>${section.head.map(cell('th')).join('')}</tr>` : '';
  const body = section.rows.map((r) => `<tr>${r.map(cell('td')).join('')}</tr>`).join('');
  return `<table style="border-collapse:collapse">${head}${body}</table>`;
}
