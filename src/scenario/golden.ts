import { readFileSync, writeFileSync } from 'node:fs';
import JSON5 from 'json5';
import type { Actual } from './compare.js';
import type { Expect } from './format.js';
import { setTopLevel } from './json5-text.js';
import { sameTree, toLiteral, type GoldenStyle } from './tree.js';

/** goldenExpect builds the `expect` section that describes what actually happened (pure). */
export function goldenExpect(actual: Actual, previous: Expect, style: GoldenStyle): Expect {
  const expect: Expect = {};
  if (sameTree(actual.left, actual.right)) expect.both = toLiteral(actual.left, style);
  else {
    expect.left = toLiteral(actual.left, style);
    expect.right = toLiteral(actual.right, style);
  }
  if (actual.trash.left.size || actual.trash.right.size) {
    expect.trash = {};
    if (actual.trash.left.size) expect.trash.left = toLiteral(actual.trash.left, style);
    if (actual.trash.right.size) expect.trash.right = toLiteral(actual.trash.right, style);
  }
  if (actual.conflicts.length) {
    // Sorted: the report lists conflicts in execution order, which is not part of the behaviour.
    expect.conflicts = actual.conflicts
      .map((c) => ({ path: c.left.rel ?? c.right.rel ?? c.key, rule: c.rule, option: c.option, status: c.status }))
      .sort((a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule));
  }
  if (actual.problems.length) {
    expect.problems = actual.problems
      .map((p) => ({ path: p.path, code: p.code, ...(p.side ? { side: p.side } : {}) }))
      .sort((a, b) => a.path.localeCompare(b.path) || a.code.localeCompare(b.code));
  }
  // A count the author listed stays even at zero: `copies: 0` says "no copy" better than its absence.
  const names = new Set([...Object.keys(previous.counts ?? {}), ...Object.keys(actual.counts).filter((n) => actual.counts[n] !== 0)]);
  if (names.size) expect.counts = Object.fromEntries([...names].sort().map((n) => [n, actual.counts[n] ?? 0]));
  expect.plan = actual.plan;
  if (actual.exitCode !== 0) expect.exitCode = actual.exitCode as Expect['exitCode'];
  if (previous.secondSyncNoop === false) expect.secondSyncNoop = false;
  return expect;
}

/** updateGoldenFile rewrites a scenario file's `expect` with `expect`, keeping the rest of the text and its comments; true when it changed. */
export function updateGoldenFile(file: string, expect: Expect): boolean {
  const before = readFileSync(file, 'utf8');
  const after = setTopLevel(before, 'expect', expect);
  // A golden that no longer parses would turn one reviewable diff into a broken suite.
  JSON5.parse(after);
  if (after === before) return false;
  writeFileSync(file, after);
  return true;
}
