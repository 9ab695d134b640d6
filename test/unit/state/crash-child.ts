// Child process for crash.test.ts: rewrites the whole state in a loop, one generation per write, and
// prints each generation once its write has completed, until it is killed.
// Usage: crash-child <stateDir> <records>
import { StateStore } from '../../../src/state/store.js';
import { realisticBase } from './fixtures.js';

const [dir, count] = process.argv.slice(2);
const records = realisticBase(Number(count));
const store = await StateStore.open(dir);
let gen = store.getExtra<number>('gen') ?? 0;
for (;;) {
  gen++;
  // Every record carries the generation, so a mix of two writes would show.
  for (const [key, rec] of records) store.setBase(key, { ...rec, left: { ...rec.left, size: gen } });
  store.setExtra('gen', gen);
  await store.flush();
  process.stdout.write(`${gen}\n`);
}
