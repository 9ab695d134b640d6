import type { BaseRecord } from '../../../src/model/base.js';
import type { Key } from '../../../src/model/key.js';
import { toKey } from '../../../src/model/key.js';

const WORDS = [
  'Accounts', 'Projects', 'Clients', '2024', '2025', 'Invoices', 'Reports', 'Scans', 'Contracts', 'Übersicht',
  'Drafts', 'Archive', 'Meeting notes', 'Müller & Söhne', 'HR', 'Offers',
];
const EXTS = ['docx', 'xlsx', 'pdf', 'msg', 'jpg', 'txt'];

/** lcg is a tiny seeded generator so fixtures are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * realisticBase builds `n` base records shaped like the office's: ~60-char relative paths with mixed case
 * and accents, sizes, whole-second mtimes (the cloud side keeps seconds), mode and ino on both sides,
 * and one folder record in twenty.
 */
export function realisticBase(n: number, seed = 1): Map<Key, BaseRecord> {
  const rnd = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out = new Map<Key, BaseRecord>();
  for (let i = 0; out.size < n; i++) {
    const dir = `${pick(WORDS)}/${pick(WORDS)}/${pick(WORDS)}`;
    const isDir = i % 20 === 0;
    const rel = isDir ? `${dir}/Folder ${i}` : `${dir}/${pick(WORDS)} ${i} final v${i % 7}.${pick(EXTS)}`;
    const mtimeMs = 1_600_000_000_000 + Math.floor(rnd() * 1e11);
    const size = isDir ? 0 : Math.floor(rnd() * 5e6);
    const left = { rel, size, mtimeMs, mode: 0o644, ino: 1e7 + Math.floor(rnd() * 1e9) };
    const right = { rel, size, mtimeMs: Math.floor(mtimeMs / 1000) * 1000, mode: 0o644, ino: 1e7 + Math.floor(rnd() * 1e9) };
    out.set(toKey(rel, true), { type: isDir ? 'dir' : 'file', left, right });
  }
  return out;
}

/** touchedBy lists the records generation `gen` of the crash child rewrites: all, or `touched` of them from (gen-1)*touched on. */
export function touchedBy(gen: number, touched: number, n: number): number[] {
  if (touched >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: touched }, (_, j) => ((gen - 1) * touched + j) % n);
}

/** sizeAfter is the size the crash child has given record `i` once generation `gen` is written (0 before any). */
export function sizeAfter(i: number, gen: number, touched: number, n: number): number {
  if (touched >= n) return gen;
  for (let g = gen; g >= 1 && g > gen - Math.ceil(n / touched) - 1; g--) {
    if ((((i - (g - 1) * touched) % n) + n) % n < touched) return g;
  }
  return 0;
}
