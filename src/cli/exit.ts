import { InputError, SafetyStop } from '../model/errors.js';
import { StateError } from '../state/errors.js';

/** Exit codes (SPEC §8). Conflicts are not errors. */
export const EXIT = { ok: 0, actionsFailed: 1, usage: 2, safety: 3 } as const;

/** reportError maps a thrown error to the process exit code and prints it for a person. */
export function reportError(err: unknown): number {
  if (err instanceof InputError) {
    process.stderr.write(`${err.message}\n`);
    return EXIT.usage;
  }
  if (err instanceof SafetyStop) {
    process.stderr.write(`safety stop (${err.reason}): ${err.message}\n`);
    return EXIT.safety;
  }
  if (err instanceof StateError) {
    // Expected operational trouble (another run holds the state): a sentence, not a stack trace.
    process.stderr.write(`state (${err.code}): ${err.message}\n`);
    return EXIT.actionsFailed;
  }
  const e = err as Error;
  process.stderr.write(`error: ${e?.stack ?? String(err)}\n`);
  return EXIT.actionsFailed;
}
