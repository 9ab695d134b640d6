// One test per scenario file in test-scenarios/, named by its file and name, so `npm test` lists each behaviour.
import { availableParallelism } from 'node:os';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../src/model/errors.js';
import { formatMismatch } from '../src/scenario/compare.js';
import { findScenarioFiles, scenarioDir, scenarioLabel } from '../src/scenario/discover.js';
import type { Scenario } from '../src/scenario/format.js';
import { FS_VARIANTS, pendingIn, skipIn } from '../src/scenario/fs-variant.js';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { useScenarioTimeZone } from '../src/scenario/time.js';

// Clash names hold local time; scenarios spell them in UTC.
useScenarioTimeZone();

// Each scenario has its own temp roots and state, and most of its time is spent waiting on the disk
// and the scan workers, so a few run side by side. Every scenario runs twice: on the plain disk, and with
// every pass through the case-insensitive port, so Windows name semantics meet the whole pass.
describe('test-scenarios', { concurrency: Math.min(4, availableParallelism()) }, () => {
  for (const file of findScenarioFiles([scenarioDir()])) {
    let scenario: Scenario;
    try {
      scenario = loadScenario(file);
    } catch (err) {
      // An invalid file is a failing test of its own rather than a crash that hides every other scenario.
      test(scenarioLabel(file), () => assert.fail(err instanceof InputError ? err.message : (err as Error).stack));
      continue;
    }
    for (const fs of FS_VARIANTS) {
      const platformSkip = scenario.platforms && !scenario.platforms.includes(process.platform) ? `not on ${process.platform}` : false;
      // A pending scenario still runs as a todo: its failure is shown but does not fail the suite.
      const pending = pendingIn(scenario, fs);
      const todo = pending ? (typeof pending === 'string' ? pending : 'pending') : false;
      const label = `${scenarioLabel(file)}: ${scenario.name}${fs === 'native' ? '' : ' [case-insensitive fs]'}`;
      test(label, { skip: platformSkip || skipIn(scenario, fs) || false, todo }, async () => {
        const outcome = await runScenario(scenario, { includePending: true, fs });
        if (outcome.mismatches.length) assert.fail(`${scenario.description}\n${outcome.mismatches.map(formatMismatch).join('\n')}`);
      });
    }
  }
});
