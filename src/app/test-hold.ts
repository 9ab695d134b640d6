import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** HOLD_ENV names the environment variable of the test hook below. */
export const HOLD_ENV = 'SYNCWARDEN_TEST_HOLD_AFTER_SCAN';

/**
 * holdAfterScan is a test hook: when SYNCWARDEN_TEST_HOLD_AFTER_SCAN names a file, a sync pass creates
 * `<file>.reached` (holding the pass's run id) right after its scan and waits while `<file>` exists. End-to-end tests use it to act at a
 * known moment between a pass's scan and its actions (another pass, an edit on a root: test/e2e/pass-race).
 * Unset (always, outside tests), it costs one environment lookup.
 */
export async function holdAfterScan(runId: string): Promise<void> {
  const file = process.env[HOLD_ENV];
  if (!file) return;
  writeFileSync(`${file}.reached`, runId);
  while (existsSync(file)) await sleep(20);
}
