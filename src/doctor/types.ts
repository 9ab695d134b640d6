/** Mark is a check's outcome: passed, failed (the exit code says so), worth a look (it does not), or not run. */
export type Mark = 'ok' | 'fail' | 'warn' | 'skip';

/** CheckResult is one line of the doctor's checklist, with the fix when it did not pass. */
export interface CheckResult {
  /** Stable id (`config`, `roots.left`, `clock.mtime`, …), for --json and `--only`. */
  id: string;
  title: string;
  mark: Mark;
  /** What was found, in words, with the figures. */
  detail: string;
  /** What to do about it (fail and warn). */
  fix?: string;
}

/** result builds a CheckResult; a fix is kept only for what did not pass. */
export function result(id: string, title: string, mark: Mark, detail: string, fix?: string): CheckResult {
  return { id, title, mark, detail, ...(fix && mark !== 'ok' && mark !== 'skip' ? { fix } : {}) };
}

/** failed reports whether any check failed (warnings and skips do not count). */
export function failed(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.mark === 'fail');
}
