import type { BaseRecord } from '../../src/model/base.js';
import type { Entry } from '../../src/model/entry.js';
import type { DeriveOptions } from '../../src/facts/derive.js';

const T0 = Date.UTC(2026, 10, 25, 4, 12, 0);

/** file builds a file entry; F1/F2 differ in content (size), F1t only in mtime. */
export function file(rel: string, size: number, mtimeMs = T0, extra: Partial<Entry> = {}): Entry {
  return { rel, type: 'file', size, mtimeMs, mode: 0o644, ino: 0, ...extra };
}

/** dir builds a folder entry. */
export function dir(rel: string, extra: Partial<Entry> = {}): Entry {
  return { rel, type: 'dir', size: 0, mtimeMs: T0, mode: 0o755, ino: 0, ...extra };
}

/** baseOf records two entries as the last synced state. */
export function baseOf(left: Entry, right: Entry = left): BaseRecord {
  const rec = (e: Entry) => ({ rel: e.rel, size: e.size, mtimeMs: e.mtimeMs, mode: e.mode, ino: e.ino, ...(e.hash ? { hash: e.hash } : {}) });
  return { type: left.type, left: rec(left), right: rec(right) };
}

export const T = { T0, later: T0 + 60_000, earlier: T0 - 60_000 };
export const F1 = file('a.txt', 100);
export const F2 = file('a.txt', 200, T.later);
export const F2older = file('a.txt', 300, T.earlier);
export const D0 = dir('d');

export const OPTS: DeriveOptions = {
  mtimeToleranceMs: 2000,
  largeBytes: 20 * 1024 * 1024,
  conflicts: { bothChanged: 'option1', bothCreated: 'option1', bothPropsChanged: 'option1' },
};
