import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyFacts, SideState } from '../../../src/model/fact.js';
import { Decider } from '../../../src/policy/evaluate.js';
import { loadPolicies } from '../../../src/policy/load.js';
import type { ConflictOptions } from '../../../src/policy/types.js';
import { SHIPPED_POLICIES, facts, pathFact, testConfig } from './support.js';

interface Row {
  description: string;
  left: SideState;
  right: SideState;
  extra?: Partial<PolicyFacts>;
  conflicts?: Partial<ConflictOptions>;
  rule: string;
  action: string;
  params?: Record<string, unknown>;
}

const same = { sameContent: true, sameProps: true };
const propsOnly = { sameContent: true, sameProps: false, sameNameAndMode: false };
const mtimeOnly = { sameContent: true, sameProps: false, sameNameAndMode: true };
const dirs = { leftType: 'dir', rightType: 'dir' } as const;
const keepNewer = { winner: 'newer', tie: 'left' };
const soft = { trashOverwritten: 'soft' };

// SPEC §3, row by row, then the edges it decides.
const rows: Row[] = [
  { description: 'modified/modified, option1', left: 'modified', right: 'modified', rule: 'bothChangedKeepBoth', action: 'keepBoth', params: { ...keepNewer, conflict: 'bothChanged' } },
  { description: 'modified/modified, option2', left: 'modified', right: 'modified', conflicts: { bothChanged: 'option2' }, rule: 'bothChangedNewerWins', action: 'newerWins', params: { ...keepNewer, ...soft, conflict: 'bothChanged' } },
  { description: 'modified/modified, option3', left: 'modified', right: 'modified', conflicts: { bothChanged: 'option3' }, rule: 'bothChangedOpen', action: 'openConflict', params: { conflict: 'bothChanged' } },
  { description: 'created/created different, option1', left: 'created', right: 'created', rule: 'bothCreatedKeepBoth', action: 'keepBoth', params: { ...keepNewer, conflict: 'bothCreated' } },
  { description: 'created/created different, option2', left: 'created', right: 'created', conflicts: { bothCreated: 'option2' }, rule: 'bothCreatedNewerWins', action: 'newerWins', params: { ...keepNewer, ...soft, conflict: 'bothCreated' } },
  { description: 'modified/unchanged', left: 'modified', right: 'unchanged', rule: 'changedLeft', action: 'copy', params: { from: 'left', ...soft } },
  { description: 'created/absent', left: 'created', right: 'absent', rule: 'changedLeft', action: 'copy', params: { from: 'left', ...soft } },
  { description: 'unchanged/modified', left: 'unchanged', right: 'modified', rule: 'changedRight', action: 'copy', params: { from: 'right', ...soft } },
  { description: 'absent/created', left: 'absent', right: 'created', rule: 'changedRight', action: 'copy', params: { from: 'right', ...soft } },
  { description: 'deleted/modified: copy back', left: 'deleted', right: 'modified', rule: 'deletedLeftChangedRight', action: 'copy', params: { from: 'right', ...soft } },
  { description: 'modified/deleted: copy back', left: 'modified', right: 'deleted', rule: 'deletedRightChangedLeft', action: 'copy', params: { from: 'left', ...soft } },
  { description: 'deleted/unchanged', left: 'deleted', right: 'unchanged', rule: 'deletedLeft', action: 'delete', params: { on: 'right', trash: 'soft' } },
  { description: 'unchanged/deleted', left: 'unchanged', right: 'deleted', rule: 'deletedRight', action: 'delete', params: { on: 'left', trash: 'soft' } },
  { description: 'deleted/deleted', left: 'deleted', right: 'deleted', rule: 'deletedBoth', action: 'forget' },
  { description: 'propsChanged/unchanged', left: 'propsChanged', right: 'unchanged', extra: propsOnly, rule: 'propsChangedLeft', action: 'syncProps', params: { from: 'left' } },
  { description: 'unchanged/propsChanged', left: 'unchanged', right: 'propsChanged', extra: propsOnly, rule: 'propsChangedRight', action: 'syncProps', params: { from: 'right' } },
  { description: 'propsChanged/propsChanged, option1', left: 'propsChanged', right: 'propsChanged', extra: propsOnly, rule: 'bothPropsChangedLeftWins', action: 'syncProps', params: { from: 'left', conflict: 'bothPropsChanged' } },
  { description: 'propsChanged/propsChanged, option2', left: 'propsChanged', right: 'propsChanged', extra: propsOnly, conflicts: { bothPropsChanged: 'option2' }, rule: 'bothPropsChangedRightWins', action: 'syncProps', params: { from: 'right', conflict: 'bothPropsChanged' } },
  { description: 'propsChanged/propsChanged, option3', left: 'propsChanged', right: 'propsChanged', extra: propsOnly, conflicts: { bothPropsChanged: 'option3' }, rule: 'bothPropsChangedOpen', action: 'openConflict', params: { conflict: 'bothPropsChanged' } },
  { description: 'any/any with sameContent and sameProps', left: 'modified', right: 'modified', extra: same, rule: 'equal', action: 'inSync' },
  { description: 'first sync, present on both, equal', left: 'created', right: 'created', extra: same, rule: 'equal', action: 'inSync' },
  // Edges.
  { description: 'modified vs propsChanged: the modified side wins', left: 'modified', right: 'propsChanged', rule: 'modifiedLeftBeatsProps', action: 'copy', params: { from: 'left', ...soft } },
  { description: 'propsChanged vs modified: the modified side wins', left: 'propsChanged', right: 'modified', rule: 'modifiedRightBeatsProps', action: 'copy', params: { from: 'right', ...soft } },
  { description: 'deleted vs propsChanged: copied back', left: 'deleted', right: 'propsChanged', rule: 'deletedLeftChangedRight', action: 'copy', params: { from: 'right', ...soft } },
  { description: 'first sync, names differ in case only: left spelling wins', left: 'created', right: 'created', extra: propsOnly, rule: 'firstSyncSpellingDiffers', action: 'syncProps', params: { from: 'left', mtime: 'newer', tie: 'left' } },
  { description: 'left came to match right (the base had them apart): apply left to right', left: 'propsChanged', right: 'unchanged', extra: same, rule: 'mtimeOnlyLeft', action: 'syncProps', params: { from: 'left' } },
  { description: 'right came to match left (the base had them apart): apply right to left', left: 'unchanged', right: 'propsChanged', extra: same, rule: 'mtimeOnlyRight', action: 'syncProps', params: { from: 'right' } },
  { description: 'the same rename on both sides: in sync', left: 'propsChanged', right: 'propsChanged', extra: same, rule: 'equal', action: 'inSync' },
  { description: 'propsChanged/propsChanged with different content: bothChanged', left: 'propsChanged', right: 'propsChanged', rule: 'bothChangedKeepBoth', action: 'keepBoth', params: { ...keepNewer, conflict: 'bothChanged' } },
  { description: 'propsChanged/unchanged with different content: copy', left: 'propsChanged', right: 'unchanged', rule: 'propsChangedLeftContentDiffers', action: 'copy', params: { from: 'left', ...soft } },
  { description: 'modified to equal content, props differ: syncProps', left: 'modified', right: 'unchanged', extra: propsOnly, rule: 'propsChangedLeft', action: 'syncProps', params: { from: 'left' } },
  // Issue 8 item 2: equal bytes (proven by reading) changed on both sides, only the mtimes differ.
  { description: 'first sync, equal bytes, left newer', left: 'created', right: 'created', extra: { ...mtimeOnly, newer: 'left' }, rule: 'sameBytesMtimesDiffer', action: 'syncProps', params: { from: 'left', mtime: 'newer', tie: 'left' } },
  { description: 'first sync, equal bytes, right newer', left: 'created', right: 'created', extra: { ...mtimeOnly, newer: 'right' }, rule: 'sameBytesMtimesDiffer', action: 'syncProps', params: { from: 'left', mtime: 'newer', tie: 'left' } },
  { description: 'both changed to equal bytes, right newer, option3: no conflict', left: 'modified', right: 'modified', extra: { ...mtimeOnly, newer: 'right' }, conflicts: { bothChanged: 'option3', bothPropsChanged: 'option3' }, rule: 'sameBytesMtimesDiffer', action: 'syncProps', params: { from: 'left', mtime: 'newer', tie: 'left' } },
  { description: 'both changed to equal bytes and both modes changed: bothPropsChanged', left: 'modified', right: 'modified', extra: { ...propsOnly, newer: 'right' }, rule: 'bothPropsChangedLeftWins', action: 'syncProps', params: { from: 'left', conflict: 'bothPropsChanged' } },
  { description: 'unchanged/unchanged, contents differ: in sync', left: 'unchanged', right: 'unchanged', rule: 'unchanged', action: 'inSync' },
  { description: 'unchanged/unchanged, props differ: in sync', left: 'unchanged', right: 'unchanged', extra: propsOnly, rule: 'propsDifferUnchanged', action: 'inSync' },
  { description: 'file vs folder: type clash', left: 'created', right: 'created', extra: { rightType: 'dir' }, rule: 'typeClash', action: 'typeClash', params: { keepName: 'folder', conflict: 'typeClash' } },
  { description: 'type clash beats everything else', left: 'modified', right: 'deleted', extra: { rightType: 'dir', typeClash: true }, rule: 'typeClash', action: 'typeClash', params: { keepName: 'folder', conflict: 'typeClash' } },
  // Folders: same rules; two folders always have equal content.
  { description: 'folder created on left', left: 'created', right: 'absent', extra: { leftType: 'dir' }, rule: 'changedLeft', action: 'copy', params: { from: 'left', ...soft } },
  { description: 'folder deleted on left, news inside on right: copied back', left: 'deleted', right: 'unchanged', extra: { rightType: 'dir', changedInside: true }, rule: 'deletedLeftChangedRight', action: 'copy', params: { from: 'right', ...soft } },
  { description: 'folder deleted on right, news inside on left: copied back', left: 'unchanged', right: 'deleted', extra: { leftType: 'dir', changedInside: true }, rule: 'deletedRightChangedLeft', action: 'copy', params: { from: 'left', ...soft } },
  { description: 'folder deleted on left', left: 'deleted', right: 'unchanged', extra: { rightType: 'dir' }, rule: 'deletedLeft', action: 'delete', params: { on: 'right', trash: 'soft' } },
  { description: 'folder created on both', left: 'created', right: 'created', extra: { ...dirs, ...same }, rule: 'equal', action: 'inSync' },
  { description: 'folder renamed (case) on right', left: 'unchanged', right: 'propsChanged', extra: { ...dirs, ...propsOnly }, rule: 'propsChangedRight', action: 'syncProps', params: { from: 'right' } },
  { description: 'folder deleted on right, renamed on left: copied back', left: 'propsChanged', right: 'deleted', extra: { leftType: 'dir' }, rule: 'deletedRightChangedLeft', action: 'copy', params: { from: 'left', ...soft } },
];

const deciders = new Map<string, Decider>();
function deciderFor(conflicts: Partial<ConflictOptions> = {}): Decider {
  const id = JSON.stringify(conflicts);
  let decider = deciders.get(id);
  if (!decider) {
    const config = testConfig(SHIPPED_POLICIES, { conflicts });
    decider = new Decider(loadPolicies(SHIPPED_POLICIES, config), config);
    deciders.set(id, decider);
  }
  return decider;
}

for (const row of rows) {
  test(`default policy: ${row.description} → ${row.action}`, async () => {
    const fact = pathFact('docs/report.docx', facts(row.left, row.right, row.extra));
    const { decisions, problems } = await deciderFor(row.conflicts).decideAll([fact]);
    assert.deepEqual(problems, []);
    const decision = decisions.get(fact.key)!;
    assert.equal(decision.ruleId, `default.json5#${row.rule}`);
    assert.equal(decision.action, row.action);
    assert.deepEqual({ ...decision.params }, row.params ?? {});
    assert.equal(decision.conflict, row.params?.conflict);
  });
}

test('default policy: the decider writes the configured conflict options over the facts', async () => {
  const fact = pathFact('a.txt', facts('modified', 'modified', { bothChanged: 'option1' }));
  const decision = await deciderFor({ bothChanged: 'option3' }).decide(fact);
  assert.equal('action' in decision && decision.action, 'openConflict');
});

test('default policy: facts outside their domain are a problem, not a guess', async () => {
  const fact = pathFact('a.txt', facts('modifed' as SideState, 'unchanged'));
  const { decisions, problems } = await deciderFor().decideAll([fact]);
  assert.equal(decisions.size, 0);
  assert.equal(problems[0].code, 'badFacts');
  assert.match(problems[0].message, /left="modifed"/);
});

test('default policy: every rule has a plain-words description', () => {
  const set = loadPolicies(SHIPPED_POLICIES, testConfig(SHIPPED_POLICIES));
  for (const rule of set.files.flatMap((f) => f.rules)) assert.ok(rule.description.length > 20, rule.ruleId);
});

test('default policy: decideAll records the scope and the options in force on each PathFact', async () => {
  const fact = pathFact('a.txt', facts('modified', 'modified'));
  await deciderFor({ bothChanged: 'option2' }).decideAll([fact]);
  assert.equal(fact.scope, '(unscoped)');
  assert.equal(fact.facts.bothChanged, 'option2');
});
