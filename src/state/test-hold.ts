import { writeFileSync } from 'node:fs';

/** STATE_HOLD_ENV names the environment variable of the test hook below: `<point>:<file>`. */
export const STATE_HOLD_ENV = 'SYNCWARDEN_TEST_STATE_HOLD';

/** HoldPoint is a moment a crash test stops the store at: half a journal line written, or a compaction's snapshot renamed but its journal not yet reset. */
export type HoldPoint = 'journal-append' | 'compaction';

/** holdArmed tells whether the test hook is set to stop at `point`; unset (always, outside tests) it costs one lookup. */
export function holdArmed(point: HoldPoint): boolean {
  return process.env[STATE_HOLD_ENV]?.startsWith(`${point}:`) === true;
}

/**
 * holdAt is a test hook: armed at `point`, it creates the named file and blocks the process for good, so a crash
 * test can SIGKILL it at exactly that moment (test/unit/state/crash-points.test.ts).
 */
export function holdAt(point: HoldPoint): void {
  if (!holdArmed(point)) return;
  writeFileSync(process.env[STATE_HOLD_ENV]!.slice(point.length + 1), '');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
