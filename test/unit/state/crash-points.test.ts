import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { JOURNAL_FILE, StateStore } from '../../../src/state/store.js';
import { STATE_HOLD_ENV, type HoldPoint } from '../../../src/state/test-hold.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { realisticBase, sizeAfter } from './fixtures.js';

// SIGKILL at the two moments a journal write can be cut: half a line on disk, and a compaction whose new
// snapshot is in place while the journal it folded in is not yet reset. The child (crash-child) stops there
// through the state's test hook, and is killed while it holds.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const CHILD = fileURLToPath(new URL(`./crash-child${ext}`, import.meta.url));
const RECORDS = 2000;
const TOUCHED = 300;

/** killAt runs the writer until it holds at `point`, kills it there and returns the generations it acked. */
async function killAt(dir: string, point: HoldPoint): Promise<number> {
  const marker = join(dir, `held-${point}`);
  const env = { ...process.env, [STATE_HOLD_ENV]: `${point}:${marker}` };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, join(dir, 'state'), String(RECORDS), String(TOUCHED)], { stdio: ['ignore', 'pipe', 'inherit'], env });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const started = Date.now();
  while (!existsSync(marker)) {
    if (child.exitCode !== null) throw new Error(`writer exited early with ${child.exitCode}`);
    if (Date.now() - started > 60_000) throw new Error(`writer never reached ${point}`);
    await sleep(20);
  }
  child.kill('SIGKILL');
  await once(child, 'exit');
  return out.trim() === '' ? 0 : Number(out.trimEnd().split('\n').at(-1));
}

async function openAndCheck(dir: string, gen: number): Promise<StateStore> {
  const store = await StateStore.open(join(dir, 'state'));
  assert.equal(store.recovered, null, store.recovered?.detail);
  assert.equal(store.getExtra('gen'), gen);
  let i = 0;
  // By key: a snapshot keeps its records in tree order (state/columns), not in the order they were set.
  assert.equal(store.base.size, RECORDS);
  for (const [key] of realisticBase(RECORDS)) assert.equal(store.base.get(key)?.left.size, sizeAfter(i++, gen, TOUCHED, RECORDS), `record ${i - 1}`);
  const ids = store.runs.map((r) => r.runId);
  assert.equal(new Set(ids).size, ids.length, 'no run replayed twice');
  return store;
}

test('killed with half a journal line written: the torn line is ignored, then cut before the next append', async () => {
  const dir = makeTmp('sw-crashpt-');
  try {
    const acked = await killAt(dir, 'journal-append');
    const journal = join(dir, 'state', JOURNAL_FILE);
    const torn = readFileSync(journal);
    assert.notEqual(torn.at(-1), 0x0a, 'the kill left a torn line');
    // The generation being appended is lost as a whole: the state is the last acked one.
    const store = await openAndCheck(dir, acked);
    assert.ok(statSync(journal).size < torn.length, 'the torn tail is cut on open');
    store.setExtra('gen', acked + 100);
    await store.close();
    const again = await StateStore.open(join(dir, 'state'));
    assert.equal(again.recovered, null, again.recovered?.detail);
    assert.equal(again.getExtra('gen'), acked + 100, 'the line after the cut reads back');
    await again.close();
  } finally {
    removeTmp(dir);
  }
});

test('killed mid-compaction (new snapshot in place, journal not reset): the folded-in lines are skipped, not replayed twice', async () => {
  const dir = makeTmp('sw-crashpt-');
  try {
    const acked = await killAt(dir, 'compaction');
    assert.ok(statSync(join(dir, 'state', JOURNAL_FILE)).size > 0, 'the kill left the old journal behind');
    // The compaction's snapshot holds the generation it was writing (not yet acked) and everything before it.
    const store = await openAndCheck(dir, acked + 1);
    await store.close();
  } finally {
    removeTmp(dir);
  }
});
