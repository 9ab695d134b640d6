import type { Logger } from '../ports/log.js';

/** recordRunId wraps a logger so the caller learns the run id a pass ran under, even when the pass throws. */
export function recordRunId(log: Logger): { log: Logger; runId(): string | undefined } {
  let last: string | undefined;
  const wrapped: Logger = {
    debug: (m, d) => log.debug(m, d), info: (m, d) => log.info(m, d), warn: (m, d) => log.warn(m, d), error: (m, d) => log.error(m, d),
    audit: (level, m, d) => log.audit(level, m, d),
    withTag: (tag) => log.withTag(tag),
    runWith: (runId, fn) => {
      last = runId;
      return log.runWith(runId, fn);
    },
    runId: () => log.runId(),
    close: () => log.close(),
    setLevel: (level) => log.setLevel(level),
  };
  return { log: wrapped, runId: () => last };
}
