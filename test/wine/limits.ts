import type { Scenario } from '../../src/scenario/format.js';
import type { ProbeResult, PROBES } from './probes.js';

/** ScenarioOutcome is one line of `syncwarden scenario --json`. */
export interface ScenarioOutcome {
  file: string;
  name: string;
  status: 'pass' | 'fail' | 'skip';
  mismatches: { where: string; path: string; expected: string; found: string }[];
}

/** Sorted is the scenario run split into passes, skips, failures a proven Wine limit explains, and the rest. */
export interface Sorted {
  passed: string[];
  skipped: string[];
  wineLimit: { name: string; limit: string }[];
  unexplained: ScenarioOutcome[];
}

/** renamesCaseOnly tells whether a scenario's own edits rename something to another case of the same name. */
export function renamesCaseOnly(s: Scenario): boolean {
  const steps = [...s.history, s.changes];
  return steps.some((step) => [...(step.left ?? []), ...(step.right ?? [])].some((c) => {
    const from = c.rename ?? c.move;
    return from !== undefined && c.to !== undefined && from !== c.to && from.toLowerCase() === c.to.toLowerCase();
  }));
}

/**
 * sortOutcomes explains a failure only by a limit its probe proved on this Wine, and only for a scenario
 * that depends on it (its setup does a case-only rename); every other failure is a finding.
 */
export function sortOutcomes(outcomes: readonly ScenarioOutcome[], scenarios: ReadonlyMap<string, Scenario>, probes: Partial<Record<keyof typeof PROBES, ProbeResult>>): Sorted {
  const sorted: Sorted = { passed: [], skipped: [], wineLimit: [], unexplained: [] };
  for (const o of outcomes) {
    const scenario = scenarios.get(o.name);
    if (o.status === 'pass') sorted.passed.push(o.name);
    else if (o.status === 'skip') sorted.skipped.push(o.name);
    else if (probes.caseOnlyRename?.limited && scenario && renamesCaseOnly(scenario)) sorted.wineLimit.push({ name: o.name, limit: 'caseOnlyRename' });
    else sorted.unexplained.push(o);
  }
  return sorted;
}
