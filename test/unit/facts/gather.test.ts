import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gather } from '../../../src/facts/gather.js';
import type { BaseRecord } from '../../../src/model/base.js';
import type { Entry, Tree } from '../../../src/model/entry.js';
import { OPTS, T, baseOf, dir, file } from '../../support/fixtures.js';

function factsOf(left: Entry[], right: Entry[], base: Entry[]) {
  const tree = (entries: Entry[]): Tree => new Map(entries.map((e) => [e.rel.toLowerCase(), e]));
  const records = new Map<string, BaseRecord>(base.map((e) => [e.rel.toLowerCase(), baseOf(e)]));
  return gather({ left: tree(left), right: tree(right), base: records, scopeOf: () => 's', opts: OPTS });
}

const D = dir('d');
const OLD = file('d/old.txt', 3);

test('a folder deleted on left with a file created inside it on right: changedInside, its states as they are', () => {
  const facts = factsOf([], [D, OLD, file('d/new.txt', 4)], [D, OLD]);
  const folder = facts.get('d')?.facts;
  // The facts say what happened; the policies (deletedLeftChangedRight) decide that the folder comes back.
  assert.deepEqual([folder?.left, folder?.right, folder?.changedInside], ['deleted', 'unchanged', true]);
  assert.equal(facts.get('d/old.txt')?.facts.changedInside, false);
});

test('a folder deleted on right with a file changed inside on left, two levels down: changedInside on both folders', () => {
  const sub = dir('d/sub');
  const inner = file('d/sub/x.txt', 3);
  const facts = factsOf([D, sub, file('d/sub/x.txt', 9, T.later)], [], [D, sub, inner]);
  for (const key of ['d', 'd/sub']) assert.deepEqual([facts.get(key)?.facts.left, facts.get(key)?.facts.changedInside], ['unchanged', true], key);
});

test('a folder deleted on one side with nothing new inside on the other is not changedInside', () => {
  const facts = factsOf([], [D, OLD], [D, OLD]);
  assert.equal(facts.get('d')?.facts.changedInside, false);
});
