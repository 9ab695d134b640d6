import type { SyncReport, syncPass } from '../app/sync-pass.js';
import type { Config } from '../config/config.js';
import { SafetyStop } from '../model/errors.js';
import { compareLines, type Actual, type Mismatch } from './compare.js';
import type { SyncSpec } from './format.js';
import { isFollowUpNoop, planLine, planLines } from './plan-lines.js';

/** Pass is the sync pass under test (syncPass; a stand-in only in the runner's own tests). */
export type Pass = typeof syncPass;

/** PassOutcome is a pass's report, or the safety stop that ended it before any action. */
export interface PassOutcome {
  report?: SyncReport;
  exitCode: number;
  stop?: string;
}

/** SetupFailure is a pass before the one under test that did not succeed: the scenario cannot say anything. */
export class SetupFailure extends Error {
  constructor(readonly step: string, readonly found: string, readonly expected = 'a clean pass (exit 0)') {
    super(`${step}: ${found}`);
  }
}

/** pass runs one sync pass; a safety stop becomes exit 3, as the CLI reports it. */
export async function pass(config: Config, spec: SyncSpec, run: Pass): Promise<PassOutcome> {
  try {
    const report = await run(config, { dryRun: spec.dryRun, force: spec.force, paths: spec.paths });
    return { report, exitCode: report.exitCode };
  } catch (err) {
    // The CLI turns a SafetyStop into exit 3 the same way; anything else is a broken engine or scenario.
    if (err instanceof SafetyStop) return { exitCode: 3, stop: `${err.reason}: ${err.message}` };
    throw err;
  }
}

/** setupPass runs a pass before the one under test, which must succeed (exit 0) or the scenario cannot say anything. */
export async function setupPass(config: Config, spec: SyncSpec, step: string, run: Pass): Promise<void> {
  const outcome = await pass(config, spec, run);
  if (outcome.exitCode !== 0) throw new SetupFailure(step, `exit ${outcome.exitCode}${words(failures(outcome))}`);
}

/** failures lists a pass's failed actions (and its safety stop) in words. */
export function failures(outcome: PassOutcome): string[] {
  const failed = (outcome.report?.results ?? []).filter((r) => !r.ok);
  const lines = failed.map((r) => `${planLine(r.action)}: ${r.code ?? 'failed'}${r.message ? ` ${r.message}` : ''}`);
  return outcome.stop ? [`safety stop ${outcome.stop}`, ...lines] : lines;
}

function words(lines: string[]): string {
  return lines.length ? ` (${lines.join('; ')})` : '';
}

/**
 * followUp runs one more pass. After a real pass it must do nothing but re-record open conflicts
 * (idempotence); after a dry run it must plan exactly what the dry run printed (the dry run changed nothing, state included).
 */
export async function followUp(config: Config, spec: SyncSpec, actual: Actual, run: Pass): Promise<Mismatch[]> {
  const next = await pass(config, { ...spec, dryRun: false }, run);
  const plan = next.report?.plan ?? [];
  if (spec.dryRun) return compareLines('afterDryRun', actual.plan, planLines(plan));
  const out: Mismatch[] = plan.filter((a) => !isFollowUpNoop(a)).map((a) => ({
    where: 'secondSync', path: a.key, expected: 'nothing to do', found: planLine(a),
  }));
  if (next.exitCode !== 0) out.push({ where: 'secondSync', path: '', expected: 'exit 0', found: `exit ${next.exitCode}${words(failures(next))}` });
  return out;
}
