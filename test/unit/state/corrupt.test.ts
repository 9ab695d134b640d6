import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_VERSION } from '../../../src/state/codec.js';
import { localStamp } from '../../../src/state/recover.js';
import { StateStore, STATE_FILE } from '../../../src/state/store.js';
import type { RecoveryReason } from '../../../src/state/types.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { realisticBase } from './fixtures.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-corrupt-');
  try { await fn(dir); } finally { removeTmp(dir); }
}

/** A good state file of a few hundred records, as text. */
async function goodState(dir: string): Promise<string> {
  const store = await StateStore.open(dir);
  for (const [key, rec] of realisticBase(300)) store.setBase(key, rec);
  store.markBaseComplete();
  await store.close();
  return readFileSync(join(dir, STATE_FILE), 'utf8');
}

interface Case { description: string; damage: (text: string) => string; reason: RecoveryReason }

const CASES: Case[] = [
  { description: 'truncated mid-payload (torn write)', damage: (t) => t.slice(0, Math.floor(t.length / 2)), reason: 'unreadable' },
  { description: 'lost its last line end and brace (still ends in }, so only the checksum can tell)', damage: (t) => t.slice(0, -2), reason: 'checksum' },
  { description: 'empty file (power cut after create)', damage: () => '', reason: 'unreadable' },
  { description: 'garbage bytes', damage: () => '\u0000\u0000\u0000garbage\u00ff', reason: 'unreadable' },
  { description: 'valid JSON but not a state file', damage: () => '{"hello":"world"}', reason: 'unreadable' },
  { description: 'unknown future formatVersion', damage: (t) => t.replace(`"formatVersion":${FORMAT_VERSION},`, `"formatVersion":${FORMAT_VERSION + 1},`), reason: 'formatVersion' },
  { description: 'formatVersion not a number', damage: (t) => t.replace(`"formatVersion":${FORMAT_VERSION},`, '"formatVersion":"one",'), reason: 'formatVersion' },
  { description: 'one character of a name changed in the payload', damage: (t) => t.replace(/"names":"(.)/, (_m, c: string) => `"names":"${c === 'A' ? 'B' : 'A'}`), reason: 'checksum' },
  { description: 'one byte of the numbers changed in the payload', damage: (t) => t.replace(/"nums":"(.)/, (_m, c: string) => `"nums":"${c === 'A' ? 'B' : 'A'}`), reason: 'checksum' },
  { description: 'checksum field edited', damage: (t) => t.replace(/sha256:[0-9a-f]{4}/, 'sha256:0000'), reason: 'checksum' },
  { description: 'pretty-printed by hand (valid JSON, checksum unverifiable)', damage: (t) => JSON.stringify(JSON.parse(t), null, 2), reason: 'checksum' },
];

for (const c of CASES) {
  test(`corrupt state: ${c.description} → set aside, empty base, recovered`, () => withTmp(async (dir) => {
    const good = await goodState(dir);
    const damaged = c.damage(good);
    assert.notEqual(damaged, good, 'the damage changed the file');
    writeFileSync(join(dir, STATE_FILE), damaged);

    const store = await StateStore.open(dir);
    assert.equal(store.recovered?.reason, c.reason, store.recovered?.detail);
    assert.equal(store.base.size, 0);
    assert.equal(store.hasBase, false, 'a lost base is a first sync: a union, never deletes');
    const aside = store.recovered?.setAsideAs ?? '';
    assert.match(aside, /state\.json\.corrupt-\d{8}-\d{6}$/);
    assert.equal(readFileSync(aside, 'utf8'), damaged, 'the damaged file is kept byte for byte');
    assert.ok(!existsSync(join(dir, STATE_FILE)));
    await store.close();
  }));
}

test('two set-asides in one second get distinct names', () => withTmp(async (dir) => {
  const stamp = localStamp(new Date());
  writeFileSync(join(dir, `${STATE_FILE}.corrupt-${stamp}`), 'older');
  writeFileSync(join(dir, STATE_FILE), 'garbage');
  const store = await StateStore.open(dir);
  await store.close();
  const asides = readdirSync(dir).filter((n) => n.includes('.corrupt-'));
  // The clock may have ticked over a second; either way nothing was overwritten.
  assert.equal(asides.length, 2);
  assert.equal(readFileSync(join(dir, `${STATE_FILE}.corrupt-${stamp}`), 'utf8'), 'older');
}));

test('read-only open of a corrupt file touches nothing', () => withTmp(async (dir) => {
  writeFileSync(join(dir, STATE_FILE), 'garbage');
  const store = await StateStore.open(dir, { readOnly: true });
  assert.deepEqual([store.recovered?.reason, store.recovered?.setAsideAs], ['unreadable', null]);
  await store.close();
  assert.equal(readFileSync(join(dir, STATE_FILE), 'utf8'), 'garbage');
}));

test('a leftover steno temp file from a crash does not break the next load or write', () => withTmp(async (dir) => {
  await goodState(dir);
  writeFileSync(join(dir, `.${STATE_FILE}.tmp`), '{"formatVersion":1,"checksum":"sha256:00","payl');
  const store = await StateStore.open(dir);
  assert.equal(store.recovered, null);
  assert.equal(store.base.size, 300);
  assert.ok(!existsSync(join(dir, `.${STATE_FILE}.tmp`)), 'the stale temp is cleaned on open');
  store.setBase('new', [...realisticBase(1, 9).values()][0]);
  await store.close();
  const again = await StateStore.open(dir);
  assert.equal(again.base.size, 301);
  await again.close();
}));

test('localStamp is YYYYMMDD-HHMMSS in local time', () => {
  assert.equal(localStamp(new Date(2026, 0, 5, 7, 8, 9)), '20260105-070809');
});
