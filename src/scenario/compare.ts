import type { ConflictRecord } from '../model/conflict.js';
import type { Key } from '../model/key.js';
import type { Problem } from '../model/problem.js';
import type { Expect } from './format.js';
import { formatTime, sameSecond } from './time.js';
import { byPath, flattenTree, type FlatEntry, type FlatTree } from './tree.js';

/** Actual is what a scenario's last pass left behind, read back from disk and from its report. */
export interface Actual {
  left: FlatTree;
  right: FlatTree;
  trash: { left: FlatTree; right: FlatTree };
  conflicts: ConflictRecord[];
  counts: Record<string, number>;
  /** planLines of the pass. */
  plan: string[];
  problems: Problem[];
  exitCode: number;
  /** Failed actions in words (for the exit code mismatch). */
  failures: string[];
}

/** Mismatch is one difference between the expectation and the outcome, located by area and path. */
export interface Mismatch {
  /** `left`, `right`, `trash.left`, `conflicts`, `counts`, `plan`, `problems`, `exitCode`, `secondSync`, `setup`, … */
  where: string;
  path: string;
  expected: string;
  found: string;
}

/**
 * compareOutcome lists every mismatch between a scenario's expectation and what happened (pure). With
 * `modes: 'windows'` a golden's POSIX mode is compared as Windows keeps it (windowsMode).
 */
export function compareOutcome(expect: Expect, actual: Actual, keyOf: (rel: string) => Key, modes: 'posix' | 'windows' = 'posix'): Mismatch[] {
  const out: Mismatch[] = [];
  out.push(...compareTrees('left', flattenTree(expect.both ?? expect.left), actual.left));
  out.push(...compareTrees('right', flattenTree(expect.both ?? expect.right), actual.right));
  out.push(...compareTrees('trash.left', flattenTree(expect.trash?.left), actual.trash.left));
  out.push(...compareTrees('trash.right', flattenTree(expect.trash?.right), actual.trash.right));
  out.push(...compareConflicts(expect.conflicts ?? [], actual.conflicts, keyOf));
  out.push(...compareProblems(expect.problems ?? [], actual.problems, keyOf));
  for (const [name, want] of Object.entries(expect.counts ?? {})) {
    const got = actual.counts[name] ?? 0;
    if (got !== want) out.push({ where: 'counts', path: name, expected: String(want), found: String(got) });
  }
  if (expect.plan) {
    const plan = modes === 'windows' ? expect.plan.map(windowsModeLine) : expect.plan;
    out.push(...compareLines('plan', [...plan].sort(), actual.plan));
  }
  const exitCode = expect.exitCode ?? 0;
  if (exitCode !== actual.exitCode) {
    const why = actual.failures.length ? ` (${actual.failures.join('; ')})` : '';
    out.push({ where: 'exitCode', path: '', expected: String(exitCode), found: `${actual.exitCode}${why}` });
  }
  return out;
}

/**
 * windowsMode is the mode Node reports on Windows for a file given POSIX `mode`: Windows keeps only the
 * owner-write bit (as the read-only attribute), and stat shows it as 666 or 444.
 */
export function windowsMode(mode: number): number {
  return mode & 0o200 ? 0o666 : 0o444;
}

function windowsModeLine(line: string): string {
  return line.replace(/ mode ([0-7]+)/, (_, mode: string) => ` mode ${windowsMode(parseInt(mode, 8)).toString(8)}`);
}

/** compareTrees compares an expected flat tree with the one on disk; mtimes and modes only where expected. */
export function compareTrees(where: string, expected: FlatTree, actual: FlatTree): Mismatch[] {
  const out: Mismatch[] = [];
  const paths = [...new Set([...expected.keys(), ...actual.keys()])].sort(byPath);
  for (const path of paths) {
    const want = expected.get(path);
    const got = actual.get(path);
    if (!want || !got || want.type !== got.type) {
      // A missing or extra folder's children would each repeat the news; report the folder alone.
      if (under(path, expected, actual)) continue;
      out.push({ where, path, expected: describe(want), found: describe(got) });
      continue;
    }
    if (want.type !== 'file' || got.type !== 'file') continue;
    if (want.content !== got.content) out.push({ where, path, expected: quote(want.content), found: quote(got.content) });
    if (want.mtimeMs !== undefined && (got.mtimeMs === undefined || !sameSecond(want.mtimeMs, got.mtimeMs))) {
      out.push({ where, path, expected: `mtime ${formatTime(want.mtimeMs)}`, found: `mtime ${got.mtimeMs === undefined ? '?' : formatTime(got.mtimeMs)}` });
    }
    if (want.mode !== undefined && want.mode !== got.mode) {
      out.push({ where, path, expected: `mode ${want.mode.toString(8)}`, found: `mode ${got.mode?.toString(8) ?? '?'}` });
    }
  }
  return out;
}

function under(path: string, expected: FlatTree, actual: FlatTree): boolean {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    const want = expected.get(path.slice(0, slash));
    const got = actual.get(path.slice(0, slash));
    if ((want || got) && (!want || !got || want.type !== got.type)) return true;
  }
  return false;
}

function compareConflicts(expected: NonNullable<Expect['conflicts']>, actual: ConflictRecord[], keyOf: (rel: string) => Key): Mismatch[] {
  const out: Mismatch[] = [];
  const left = [...actual];
  for (const want of expected) {
    const i = left.findIndex((c) => c.key === keyOf(want.path) && c.rule === want.rule);
    const label = [want.rule, want.option, want.status].filter(Boolean).join(' ');
    if (i < 0) {
      const others = actual.filter((c) => c.key === keyOf(want.path)).map(conflictWords);
      out.push({ where: 'conflicts', path: want.path, expected: label, found: others.length ? others.join(', ') : 'no conflict' });
      continue;
    }
    const [got] = left.splice(i, 1);
    if ((want.option && want.option !== got.option) || (want.status && want.status !== got.status)) {
      out.push({ where: 'conflicts', path: want.path, expected: label, found: conflictWords(got) });
    }
  }
  for (const got of left) out.push({ where: 'conflicts', path: got.key, expected: 'no conflict', found: conflictWords(got) });
  return out;
}

function compareProblems(expected: NonNullable<Expect['problems']>, actual: Problem[], keyOf: (rel: string) => Key): Mismatch[] {
  const id = (p: { path: string; code: string; side?: string }) => `${p.side ? `${p.side}:` : ''}${keyOf(p.path)} ${p.code}`;
  const found = actual.map((p) => ({ id: id(p), words: `${p.code}: ${p.message}` }));
  const out: Mismatch[] = [];
  for (const want of expected) {
    const i = found.findIndex((p) => p.id === id(want) || (!want.side && p.id.endsWith(`:${id(want)}`)));
    if (i >= 0) found.splice(i, 1);
    else out.push({ where: 'problems', path: want.path, expected: want.code, found: 'no such problem' });
  }
  for (const p of found) out.push({ where: 'problems', path: p.id, expected: 'no problem', found: p.words });
  return out;
}

/** compareLines compares two sorted lists of lines as multisets. */
export function compareLines(where: string, expected: string[], actual: string[]): Mismatch[] {
  const rest = [...actual];
  const out: Mismatch[] = [];
  for (const line of expected) {
    const i = rest.indexOf(line);
    if (i >= 0) rest.splice(i, 1);
    else out.push({ where, path: '', expected: line, found: 'not planned' });
  }
  for (const line of rest) out.push({ where, path: '', expected: 'not planned', found: line });
  return out;
}

function conflictWords(c: ConflictRecord): string {
  return `${c.rule} ${c.option} ${c.status}`;
}

function describe(entry: FlatEntry | undefined): string {
  if (!entry) return 'nothing';
  return entry.type === 'dir' ? 'a folder' : `a file ${quote(entry.content)}`;
}

function quote(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `${JSON.stringify(shown)}${text.length > 40 ? ` (${text.length} chars)` : ''}`;
}

/** formatMismatch renders a mismatch as `where: path: expected …, found …`. */
export function formatMismatch(m: Mismatch): string {
  return `${m.where}${m.path ? `: ${m.path}` : ''}: expected ${m.expected}, found ${m.found}`;
}
