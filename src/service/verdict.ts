import { humanSize } from '../text/units.js';

/** VerdictInput is what decides whether two roots are in sync right now (from a running service or the state file). */
export interface VerdictInput {
  /** Roots that cannot be synced now, in words. */
  roots: string[];
  /** The last pass stopped on a safety guard (and none ran cleanly since), in words. */
  stop: string | null;
  starting: boolean;
  /** Paths waiting for their quiet time or the next pass. */
  waiting: number;
  /** Copies of the running pass not yet done, and their bytes. */
  copies: number;
  bytes: number;
  /** Actions that failed in the last pass (they are retried). */
  failed: number;
  openConflicts: number;
}

/** Verdict is the first line of `status`: in sync, or not and why. */
export interface Verdict {
  inSync: boolean;
  why: string[];
  line: string;
}

/** verdict answers "is everything in sync?" and lists every reason it is not, the most serious first. */
export function verdict(v: VerdictInput): Verdict {
  const why: string[] = [...v.roots];
  if (v.stop) why.push(`the last pass stopped: ${v.stop}`);
  if (v.starting) why.push('the first scan has not finished');
  if (v.waiting) why.push(`${v.waiting} changed path(s) waiting`);
  if (v.copies) why.push(`${v.copies} copy(ies) in progress (${humanSize(v.bytes)})`);
  if (v.failed) why.push(`${v.failed} action(s) failed in the last pass (retried)`);
  if (v.openConflicts) why.push(`${v.openConflicts} open conflict(s) (see syncwarden conflicts)`);
  const inSync = why.length === 0;
  return { inSync, why, line: inSync ? 'in sync' : `not in sync: ${why.join('; ')}` };
}
