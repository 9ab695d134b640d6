import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherLimited, limitedKeys, narrowToLimit } from '../../../src/facts/limit.js';
import { pairMoves } from '../../../src/facts/moves.js';
import type { BaseRecord } from '../../../src/model/base.js';
import type { Entry, Tree } from '../../../src/model/entry.js';
import type { PathFact } from '../../../src/model/fact.js';
import { OPTS, T, baseOf, dir, file } from '../../support/fixtures.js';

/*
 * A limited pass (sync PATH, and every service pass over dirty keys) decides its paths exactly as a pass over
 * everything would, reading the whole listings: the tables below build one world and compare both.
 */
const tree = (entries: Entry[]): Tree => new Map(entries.map((e) => [e.rel, e]));
const recs = (entries: Entry[]): Map<string, BaseRecord> => new Map(entries.map((e) => [e.rel, baseOf(e)]));

// Base: Projects/{a,sub/c}, Docs/d, x, y. Left: Projects renamed Archive, Docs/d edited, x renamed z, new.txt created.
const P = dir('Projects', { ino: 1 });
const PA = file('Projects/a.txt', 1, T.T0, { ino: 2 });
const PS = dir('Projects/sub', { ino: 3 });
const PC = file('Projects/sub/c.txt', 2, T.T0, { ino: 4 });
const DD = dir('Docs', { ino: 5 });
const D = file('Docs/d.txt', 3, T.T0, { ino: 6 });
const X = file('x.txt', 4, T.T0, { ino: 7 });
const Y = file('y.txt', 5, T.T0, { ino: 8 });
const base = recs([P, PA, PS, PC, DD, D, X, Y]);
const left = tree([
  dir('Archive', { ino: 1 }), file('Archive/a.txt', 1, T.T0, { ino: 2 }), dir('Archive/sub', { ino: 3 }), file('Archive/sub/c.txt', 2, T.T0, { ino: 4 }),
  DD, file('Docs/d.txt', 9, T.later, { ino: 6 }), file('z.txt', 4, T.T0, { ino: 7 }), Y, file('new.txt', 6, T.later, { ino: 9 }),
]);
const right = tree([P, PA, PS, PC, DD, D, X, Y]);

function pass(only?: string[]): Map<string, PathFact> {
  const input = { left, right, base, scopeOf: () => 's', opts: OPTS };
  const { facts, limit } = gatherLimited(input, only);
  const aside = pairMoves(facts, { trees: { left, right }, caseInsensitive: false, derive: OPTS });
  if (limit) narrowToLimit(facts, limit);
  for (const key of aside) facts.delete(key);
  return facts;
}

const full = pass();

function assertAsFull(only: string[], decided: string[]): void {
  const limited = pass(only);
  assert.deepEqual([...limited.keys()].sort(), [...decided].sort(), `keys decided for ${only.join(', ')}`);
  // Carries come in key order of the facts map, which differs; their order means nothing.
  const same = (f: PathFact | undefined) => f && { ...f, carries: f.carries && [...f.carries].sort((a, b) => a.key.localeCompare(b.key)) };
  for (const [key, fact] of limited) assert.deepEqual(same(fact), same(full.get(key)), key);
}

test('limitedKeys: a file limit costs lookups (ancestors, no walk); a folder brings what is under it on any side', () => {
  assert.deepEqual([...limitedKeys(['Docs/d.txt'], { left, right, base })].sort(), ['Docs', 'Docs/d.txt']);
  assert.deepEqual([...limitedKeys(['Projects'], { left, right, base })].sort(), ['Projects', 'Projects/a.txt', 'Projects/sub', 'Projects/sub/c.txt']);
  assert.deepEqual([...limitedKeys(['nowhere/at/all'], { left, right, base })], [], 'a path nobody knows decides nothing');
  assert.equal(limitedKeys([''], { left, right, base }).size, new Set([...left.keys(), ...right.keys(), ...base.keys()]).size);
});

test('a limit on either name of a renamed folder decides the rename, with everything under both names', () => {
  const moved = ['Archive', 'Archive/a.txt', 'Archive/sub', 'Archive/sub/c.txt'];
  assertAsFull(['Archive'], moved);
  assertAsFull(['Projects'], moved);
  assertAsFull(['Projects/sub/c.txt'], moved);
  assert.equal(pass(['Projects']).get('Archive')?.movedFrom, 'Projects');
});

test('a limit on either name of a renamed file decides the rename', () => {
  assertAsFull(['z.txt'], ['z.txt']);
  assertAsFull(['x.txt'], ['z.txt']);
});

test('a move outside the limit is left for its own pass', () => {
  assertAsFull(['Docs'], ['Docs', 'Docs/d.txt']);
  assertAsFull(['new.txt'], ['new.txt']);
  assertAsFull(['y.txt'], ['y.txt']);
});

test('a pair that is ambiguous over the whole side stays ambiguous in a limited pass', () => {
  // Two files deleted on the left with the size and mtime of one created file: no pairing either way.
  const A = file('a.txt', 7, T.T0);
  const B = file('b.txt', 7, T.T0);
  const l = tree([file('c.txt', 7, T.T0)]);
  const r = tree([A, B]);
  const input = { left: l, right: r, base: recs([A, B]), scopeOf: () => 's', opts: OPTS };
  const { facts, limit } = gatherLimited(input, ['a.txt']);
  pairMoves(facts, { trees: { left: l, right: r }, caseInsensitive: false, derive: OPTS });
  narrowToLimit(facts, limit!);
  assert.deepEqual([...facts.keys()], ['a.txt']);
  assert.equal(facts.get('a.txt')?.facts.left, 'deleted');
});
