// Child process for the lock tests: a real process holding, losing or racing for a state lock.
// Usage: lock-child <mode> <lockFile>
//   hold    take the lock, print "locked <pid>", keep it until stdin closes, then release it
//   crash   take the lock, print "locked <pid>", then die by SIGKILL (no release) after 100 ms
//   zombie  start a `crash` child and never reap it: print "zombie <pid>" once it holds the lock, then
//           block this process's event loop (so Node cannot reap it) until killed
//   race    print "ready"; on a "go" line try the lock once (no wait): print "got" or "refused"; on a
//           "check" line (if it got one) print "held" if the lock is still ours, "lost" if it was
//           removed meanwhile, and release it
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { acquireLock, type StateLock } from '../../../src/state/lock.js';

const [mode, file] = process.argv.slice(2);

if (mode === 'hold') {
  const lock = await acquireLock(file, { waitMs: 0 });
  process.stdout.write(`locked ${process.pid}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void lock.release().then(() => process.exit(0)));
} else if (mode === 'crash') {
  await acquireLock(file, { waitMs: 0 });
  process.stdout.write(`locked ${process.pid}\n`);
  await sleep(100);
  process.kill(process.pid, 'SIGKILL');
} else if (mode === 'zombie') {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'crash', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.once('data', () => {
    process.stdout.write(`zombie ${child.pid}\n`, () => {
      // From here on the loop never runs again: the child's exit is never collected.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    });
  });
} else if (mode === 'race') {
  let lock: StateLock | null = null;
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'go') {
      lock = await acquireLock(file, { waitMs: 0 }).catch((err: { code?: string }) => {
        if (err.code !== 'locked') throw err;
        return null;
      });
      process.stdout.write(lock ? 'got\n' : 'refused\n');
    } else if (line === 'check' && lock) {
      const ours = await lock.verify().then(() => true, () => false);
      await lock.release();
      lock = null;
      process.stdout.write(ours ? 'held\n' : 'lost\n');
    }
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
