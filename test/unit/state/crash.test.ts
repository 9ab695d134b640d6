import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { JOURNAL_FILE, StateStore, STATE_FILE } from '../../../src/state/store.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';
import { realisticBase, sizeAfter } from './fixtures.js';

// Run from src (tsx) or from dist (compiled): the child is the sibling file of the same kind.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const CHILD = fileURLToPath(new URL(`./crash-child${ext}`, import.meta.url));
const RECORDS = 20_000;
const TRIALS = Number(process.env.SW_CRASH_TRIALS ?? 6);

/** Starts a writer child and resolves with it once its first write has completed. */
async function startWriter(dir: string, touched?: number): Promise<{ kill: () => Promise<number> }> {
  const args = [CHILD, dir, String(RECORDS), ...(touched ? [String(touched)] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  while (!out.includes('\n')) {
    if (child.exitCode !== null) throw new Error(`writer exited early with ${child.exitCode}`);
    await sleep(20);
  }
  return {
    async kill() {
      child.kill('SIGKILL');
      await once(child, 'exit');
      // The last generation the child saw written completely.
      return Number(out.trimEnd().split('\n').at(-1));
    },
  };
}

/** checkGeneration opens the state a killed writer left and checks it holds one whole generation, acked or the next. */
async function checkGeneration(dir: string, acked: number, trial: number, touched = RECORDS): Promise<void> {
  // Also takes over the dead child's lock.
  const store = await StateStore.open(dir);
  assert.equal(store.recovered, null, `trial ${trial}: ${store.recovered?.detail}`);
  const gen = store.getExtra<number>('gen') ?? -1;
  assert.ok(gen === acked || gen === acked + 1, `trial ${trial}: file holds generation ${gen}, child acked ${acked}`);
  assert.equal(store.base.size, RECORDS);
  let i = 0;
  // By key: a snapshot keeps its records in tree order (state/columns), not in the order they were set.
  for (const [key] of realisticBase(RECORDS)) assert.equal(store.base.get(key)?.left.size, sizeAfter(i++, gen, touched, RECORDS), `trial ${trial}: record ${i - 1} of generation ${gen}`);
  if (touched < RECORDS) {
    const ids = store.runs.map((r) => r.runId);
    assert.equal(new Set(ids).size, ids.length, `trial ${trial}: a run was replayed twice`);
    assert.equal(ids.at(-1), `gen-${gen}`, `trial ${trial}: the last run is the last generation's`);
  }
  await store.close();
}

test('SIGKILL at random moments never leaves a corrupt or mixed state (whole snapshots)', { timeout: 120_000 }, async (t) => {
  const dir = makeTmp('sw-crash-');
  let tempsLeft = 0;
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const writer = await startWriter(dir);
      await sleep(Math.floor(Math.random() * 600));
      const acked = await writer.kill();
      if (existsSync(join(dir, `.${STATE_FILE}.tmp`))) tempsLeft++;
      await checkGeneration(dir, acked, trial);
    }
    t.diagnostic(`${TRIALS} kills, ${tempsLeft} left a steno temp file behind`);
  } finally {
    removeTmp(dir);
  }
});

test('SIGKILL at random moments never leaves a corrupt or mixed state (journal appends and compactions)', { timeout: 120_000 }, async (t) => {
  const dir = makeTmp('sw-crash-');
  // 700 records a generation: a ~70 KB journal line, a compaction every few generations.
  const touched = 700;
  let replayed = 0;
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const writer = await startWriter(dir, touched);
      await sleep(Math.floor(Math.random() * 600));
      const acked = await writer.kill();
      if (statSync(join(dir, JOURNAL_FILE), { throwIfNoEntry: false })?.size) replayed++;
      await checkGeneration(dir, acked, trial, touched);
    }
    t.diagnostic(`${TRIALS} kills, ${replayed} with journal lines to replay`);
  } finally {
    removeTmp(dir);
  }
});
