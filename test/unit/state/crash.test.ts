import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { StateStore, STATE_FILE } from '../../../src/state/store.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

// Run from src (tsx) or from dist (compiled): the child is the sibling file of the same kind.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const CHILD = fileURLToPath(new URL(`./crash-child${ext}`, import.meta.url));
const RECORDS = 20_000;
const TRIALS = Number(process.env.SW_CRASH_TRIALS ?? 6);

/** Starts a writer child and resolves with it once its first write has completed. */
async function startWriter(dir: string): Promise<{ kill: () => Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(RECORDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
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

test('SIGKILL at random moments never leaves a corrupt or mixed state', { timeout: 120_000 }, async (t) => {
  const dir = makeTmp('sw-crash-');
  let tempsLeft = 0;
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const writer = await startWriter(dir);
      await sleep(Math.floor(Math.random() * 600));
      const acked = await writer.kill();
      if (existsSync(join(dir, `.${STATE_FILE}.tmp`))) tempsLeft++;

      // Also takes over the dead child's lock.
      const store = await StateStore.open(dir);
      assert.equal(store.recovered, null, `trial ${trial}: ${store.recovered?.detail}`);
      const gen = store.getExtra<number>('gen') ?? -1;
      assert.ok(gen === acked || gen === acked + 1, `trial ${trial}: file holds generation ${gen}, child acked ${acked}`);
      assert.equal(store.base.size, RECORDS);
      for (const rec of store.base.values()) assert.equal(rec.left.size, gen, 'one generation throughout');
      await store.close();
    }
    t.diagnostic(`${TRIALS} kills, ${tempsLeft} left a steno temp file behind`);
  } finally {
    removeTmp(dir);
  }
});
