// Child process for the state crash tests: writes the state in a loop, one generation per write, and prints
// each generation once its write has completed, until it is killed.
// Usage: crash-child <stateDir> <records> [touched]
// - Without `touched`, every record is rewritten each generation (each write a whole new snapshot).
// - With it, generation g rewrites only the `touched` records from (g-1)*touched on (journal lines, with a
//   compaction whenever the journal outgrows its share), and records a run named gen-<g>.
import { StateStore } from '../../../src/state/store.js';
import { realisticBase, touchedBy } from './fixtures.js';

const [dir, count, touchedArg] = process.argv.slice(2);
const records = [...realisticBase(Number(count))];
const touched = Number(touchedArg ?? records.length);
const store = await StateStore.open(dir);
let gen = store.getExtra<number>('gen') ?? 0;
if (gen === 0 && touched < records.length) {
  // The base every later generation changes a part of.
  for (const [key, rec] of records) store.setBase(key, { ...rec, left: { ...rec.left, size: 0 } });
  store.setExtra('gen', 0);
  await store.flush();
}
for (;;) {
  gen++;
  // Every touched record carries the generation, so a mix of two writes would show.
  for (const i of touchedBy(gen, touched, records.length)) {
    const [key, rec] = records[i];
    store.setBase(key, { ...rec, left: { ...rec.left, size: gen } });
  }
  store.setExtra('gen', gen);
  if (touched < records.length) store.recordRun({ runId: `gen-${gen}`, start: '', end: '', counts: {}, exitCode: 0 });
  await store.flush();
  process.stdout.write(`${gen}\n`);
}

