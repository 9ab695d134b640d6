import { InputError, formatFieldErrors, type FieldError } from '../../model/errors.js';
import { formatMismatch } from '../../scenario/compare.js';
import { findScenarioFiles, matchesCase, scenarioDir, scenarioLabel } from '../../scenario/discover.js';
import type { Scenario } from '../../scenario/format.js';
import { goldenExpect, updateGoldenFile } from '../../scenario/golden.js';
import { loadScenario } from '../../scenario/load.js';
import { runScenario, type Outcome } from '../../scenario/run.js';
import { useScenarioTimeZone } from '../../scenario/time.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';

/** scenarioCommand runs scenario files (all of test-scenarios/ by default), one PASS/FAIL/SKIP line each; exit 1 on any failure. */
export async function scenarioCommand(ctx: CliContext): Promise<number> {
  // Clash names carry local time: every scenario is written in UTC.
  useScenarioTimeZone();
  const scenarios = loadAll(ctx.args.length ? ctx.args : [scenarioDir()]);
  const filter = typeof ctx.options.case === 'string' ? ctx.options.case : undefined;
  const selected = scenarios.filter((s) => matchesCase(filter, s.name, s.file));
  if (!selected.length) throw new InputError([{ file: '', field: '--case', expected: 'a name or file matching at least one scenario', found: String(filter) }]);
  const outcomes: Outcome[] = [];
  for (const scenario of selected) {
    const fs = ctx.options.caseInsensitiveFs ? 'caseInsensitive' : 'native';
    const outcome = await runScenario(scenario, { includePending: !!ctx.options.includePending, fs });
    outcomes.push(outcome);
    if (ctx.options.updateGolden) golden(scenario, outcome, ctx);
    if (!ctx.options.json) ctx.out(renderOutcome(outcome));
  }
  const tally = { passed: count(outcomes, 'pass'), failed: count(outcomes, 'fail'), skipped: count(outcomes, 'skip') };
  if (ctx.options.json) ctx.out(`${JSON.stringify({ ...tally, outcomes: outcomes.map(({ actual: _, ...rest }) => rest) }, null, 2)}\n`);
  else ctx.out(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}\n`);
  return tally.failed ? EXIT.actionsFailed : EXIT.ok;
}

// Every file is checked before any runs, so a typo anywhere is one clear exit 2 with nothing run.
function loadAll(paths: string[]): Scenario[] {
  const errors: FieldError[] = [];
  const scenarios: Scenario[] = [];
  let files: string[];
  try {
    files = findScenarioFiles(paths);
  } catch (err) {
    throw new InputError([{ file: String((err as NodeJS.ErrnoException).path ?? paths.join(' ')), field: '', expected: 'a scenario file or folder', found: (err as NodeJS.ErrnoException).code ?? 'error' }]);
  }
  for (const file of files) {
    try {
      scenarios.push(loadScenario(file));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(...err.errors);
    }
  }
  const names = new Map<string, string>();
  for (const s of scenarios) {
    const first = names.get(s.name);
    if (first) errors.push({ file: s.file, field: 'name', expected: `a name no other scenario uses (${scenarioLabel(first)} has it)`, found: s.name });
    else names.set(s.name, s.file);
  }
  if (errors.length) throw new InputError(errors, formatFieldErrors(errors));
  return scenarios;
}

// A pending scenario keeps the SPEC's expectation until the engine meets it, so it is never rewritten.
function golden(scenario: Scenario, outcome: Outcome, ctx: CliContext): void {
  if (scenario.pending || !outcome.actual) return;
  const fixable = outcome.mismatches.filter((m) => !['secondSync', 'afterDryRun', 'setup', 'error'].includes(m.where));
  const style = { mtimes: true, modes: process.platform !== 'win32' };
  if (updateGoldenFile(scenario.file, goldenExpect(outcome.actual, scenario.expect, style))) {
    if (!ctx.options.json) ctx.out(`UPDATED ${scenarioLabel(scenario.file)}: expect rewritten from the outcome; review the diff\n`);
    outcome.mismatches = outcome.mismatches.filter((m) => !fixable.includes(m));
    if (outcome.status === 'fail' && !outcome.mismatches.length) outcome.status = 'pass';
  }
}

/** renderOutcome prints one scenario's line, with its mismatches indented below a FAIL. */
export function renderOutcome(outcome: Outcome): string {
  const label = scenarioLabel(outcome.file);
  const head = `${outcome.status.toUpperCase().padEnd(4)}  ${label}  ${outcome.name}`;
  // A pending scenario run with --include-pending shows what still differs, so its progress is visible.
  const lines = outcome.status !== 'pass' ? outcome.mismatches.map((m) => `      ${formatMismatch(m)}\n`).join('') : '';
  const note = outcome.status === 'skip' ? outcome.reason ?? 'skipped' : `${Math.round(outcome.ms)} ms${outcome.reason ? `; ${outcome.reason}` : ''}`;
  return `${head}  (${note})\n${lines}`;
}

function count(outcomes: Outcome[], status: Outcome['status']): number {
  return outcomes.filter((o) => o.status === status).length;
}
