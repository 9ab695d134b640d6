import type { Side } from './side.js';

/** Problem is a per-path trouble that does not stop the pass: reported, counted, retried later. */
export interface Problem {
  /** Relative path (as found) or key the problem concerns; '' for a root. */
  path: string;
  side?: Side;
  /** Short machine code: an errno (`EACCES`, `EBUSY`) or one of ours (`symlink`, `caseCollision`, `noRule`, `policyTie`, `badFacts`, `planError`). */
  code: string;
  message: string;
}
