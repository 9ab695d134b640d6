import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syncPass } from '../app/sync-pass.js';
import type { Config } from '../config/config.js';
import { merge, resolveConfig } from '../config/load.js';
import { projectRoot } from '../config/project.js';
import { JOURNAL_FILE, STATE_FILE } from '../state/store.js';
import { toKey } from '../model/key.js';
import type { Side } from '../model/side.js';
import { compareOutcome, type Actual, type Mismatch } from './compare.js';
import { applyChange, readTrash, readTree, writeTree } from './disk.js';
import type { Scenario, SideChanges } from './format.js';
import { listVersions, restoreVersion } from '../versions/index.js';
import { ntfsImpossible, passThrough, pendingIn, skipIn, variantFs, type FsVariant } from './fs-variant.js';
import { failures, followUp, pass, SetupFailure, setupPass, type Pass, type PassOutcome } from './passes.js';
import { planLines } from './plan-lines.js';
import { makeSandbox, removeSandbox, type Sandbox } from './sandbox.js';
import { useScenarioTimeZone } from './time.js';
import { flattenTree } from './tree.js';

export type Status = 'pass' | 'fail' | 'skip';

/** Outcome is one scenario's verdict: every mismatch, and what actually happened (for --update-golden). */
export interface Outcome {
  file: string;
  name: string;
  status: Status;
  /** Why it was skipped. */
  reason?: string;
  mismatches: Mismatch[];
  actual?: Actual;
  ms: number;
}

export interface RunOptions {
  /** Run pending scenarios too (they still report as SKIP when they fail, PASS when they pass). */
  includePending?: boolean;
  /** The pass under test; always syncPass outside the runner's own tests. */
  sync?: typeof syncPass;
  /** How the passes reach the disk (default native); see FsVariant. */
  fs?: FsVariant;
}

/** runScenario plays a scenario in a fresh temp root through syncPass and compares the outcome; the root is always removed. */
export async function runScenario(scenario: Scenario, opts: RunOptions = {}): Promise<Outcome> {
  const t0 = performance.now();
  const head = { file: scenario.file, name: scenario.name };
  const variant = opts.fs ?? 'native';
  const pending = pendingIn(scenario, variant);
  const skip = skipReason(scenario, pending, variant, opts);
  if (skip) return { ...head, status: 'skip', reason: skip, mismatches: [], ms: 0 };
  useScenarioTimeZone();
  const box = makeSandbox();
  try {
    const { actual, mismatches } = await play(scenario, box, passThrough(opts.sync ?? syncPass, variant), variant);
    const failed = mismatches.length > 0;
    if (failed && pending) return { ...head, status: 'skip', reason: pendingWords(pending), mismatches, actual, ms: performance.now() - t0 };
    const note = pending && !failed ? { reason: 'pending, but it passes now: remove pending' } : {};
    return { ...head, status: failed ? 'fail' : 'pass', ...note, mismatches, actual, ms: performance.now() - t0 };
  } catch (err) {
    const mismatch = err instanceof SetupFailure
      ? { where: 'setup', path: err.step, expected: err.expected, found: err.found }
      : { where: 'error', path: '', expected: 'no error', found: briefStack(err) };
    return { ...head, status: pending ? 'skip' : 'fail', reason: pending ? pendingWords(pending) : undefined, mismatches: [mismatch], ms: performance.now() - t0 };
  } finally {
    removeSandbox(box);
  }
}

// The message and the frames nearest the throw locate an engine error; the runner's own frames below do not.
function briefStack(err: unknown): string {
  const lines = ((err as Error)?.stack ?? String(err)).split('\n');
  return lines.slice(0, 4).join('\n') + (lines.length > 4 ? '\n    ...' : '');
}

function skipReason(scenario: Scenario, pending: boolean | string, variant: FsVariant, opts: RunOptions): string | undefined {
  if (scenario.platforms && !scenario.platforms.includes(process.platform)) return `not on ${process.platform}`;
  const skip = skipIn(scenario, variant);
  if (skip) return skip;
  if (pending && !opts.includePending) return pendingWords(pending);
  return undefined;
}

function pendingWords(pending: boolean | string): string {
  return typeof pending === 'string' ? `pending: ${pending}` : 'pending';
}

async function play(scenario: Scenario, box: Sandbox, run: Pass, variant: FsVariant): Promise<{ actual: Actual; mismatches: Mismatch[] }> {
  let overrides = scenario.config;
  let config = scenarioConfig(overrides, scenario.file, box);
  // A step may change the config from then on, as an admin editing it between passes.
  const step = async (changes: SideChanges, name: string) => {
    if (changes.config) config = scenarioConfig((overrides = merge(overrides, changes.config) as Record<string, unknown>), scenario.file, box);
    if (changes.state) harmState(config.stateDir, changes.state, name);
    if (changes.unmount) rmSync(config[changes.unmount], { recursive: true });
    applyChanges(config, changes, name);
    if (changes.restore) await restoreStep(config, changes.restore, name, variant);
    if (variant === 'caseInsensitive') checkNtfsNames(config, name);
  };
  writePolicies(scenario, box);
  for (const side of ['left', 'right'] as const) {
    writeTree(config[side], flattenTree(scenario.initial[side], flattenTree(scenario.initial.both)));
  }
  if (variant === 'caseInsensitive') checkNtfsNames(config, 'initial');
  if (scenario.synced) await setupPass(config, {}, 'first sync', run);
  for (const [i, round] of scenario.history.entries()) {
    await step(round, `history[${i}]`);
    await setupPass(config, round.sync ?? {}, `history[${i}]`, run);
  }
  await step(scenario.changes, 'changes');
  const spec = scenario.sync ?? {};
  const main = await pass(config, spec, run);
  const actual = readActual(config, main);
  const modes = process.platform === 'win32' ? 'windows' : 'posix';
  const mismatches = compareOutcome(scenario.expect, actual, (rel) => toKey(rel, config.caseInsensitive), modes);
  if (scenario.expect.secondSyncNoop !== false && actual.exitCode === 0) mismatches.push(...(await followUp(config, spec, actual, run)));
  return { actual, mismatches };
}

/**
 * restoreStep restores a version as `syncwarden restore` does, through the variant's port. Its clock runs an hour
 * ahead, so its trash folder (what it replaced) is one of its own, after the passes' folders, whatever the timing.
 */
async function restoreStep(config: Config, spec: NonNullable<SideChanges['restore']>, name: string, variant: FsVariant): Promise<void> {
  const fs = variantFs(variant);
  const ctx = { config, ...(fs ? { fs } : {}), now: () => new Date(Date.now() + 3_600_000) };
  const versions = await listVersions(ctx, spec.path);
  const nth = spec.nth ?? 1;
  const version = versions[nth - 1];
  if (!version) throw new SetupFailure(`${name}.restore`, `${versions.length} version(s) of ${spec.path}`, `a version #${nth}`);
  const outcome = await restoreVersion(ctx, spec.path, { version: version.id, ...(spec.to ? { to: spec.to } : {}) });
  if (!outcome.ok) throw new SetupFailure(`${name}.restore`, JSON.stringify(outcome.steps), 'a restore that succeeds');
}

/** scenarioConfig merges a scenario's overrides into the runner's base config, every path inside the sandbox. */
export function scenarioConfig(overrides: Record<string, unknown>, file: string, box: Sandbox): Config {
  const base = {
    left: box.left, right: box.right, stateDir: box.state, policies: { dir: box.policies },
    log: { level: 'silent', dir: box.logs },
    email: { enabled: false }, health: { enabled: false }, watch: { enabled: false },
    // A scenario tree holds a handful of files, so one delete is already a large share of a side;
    // safety scenarios set their own limits.
    safety: { maxDeletePercent: 100 },
  };
  return resolveConfig(merge(base, structuredClone(overrides)), file);
}

function writePolicies(scenario: Scenario, box: Sandbox): void {
  const defaults = join(projectRoot(), 'policies');
  for (const name of readdirSync(defaults).filter((n) => n.endsWith('.json5'))) copyFileSync(join(defaults, name), join(box.policies, name));
  for (const [name, policy] of Object.entries(scenario.policies)) writeFileSync(join(box.policies, name), JSON.stringify(policy, null, 2));
}

// The setup writes the case-sensitive disk directly: a tree NTFS could not hold would test nothing real.
function checkNtfsNames(config: Config, step: string): void {
  for (const side of ['left', 'right'] as const) {
    const clashes = ntfsImpossible(config[side]);
    if (clashes.length) {
      const expected = 'names NTFS can hold (set caseInsensitiveFs.skip when the scenario is about a case-sensitive disk)';
      throw new SetupFailure(`${step}.${side}`, `names that differ only in case in one folder: ${clashes.join('; ')}`, expected);
    }
  }
}

function applyChanges(config: Config, changes: SideChanges, step: string): void {
  for (const side of ['left', 'right'] as const) {
    for (const [i, change] of (changes[side] ?? []).entries()) {
      try {
        applyChange(config[side], change);
      } catch (err) {
        throw new SetupFailure(`${step}.${side}[${i}]`, (err as Error).message);
      }
    }
  }
}

// A lost state file is a fresh install over old trees; a corrupt one must be set aside. Either way the next pass is a union.
function harmState(stateDir: string, harm: 'lost' | 'corrupt', step: string): void {
  const file = join(stateDir, STATE_FILE);
  if (!existsSync(file)) throw new SetupFailure(`${step}.state`, `no ${STATE_FILE} in the state folder to make ${harm}`);
  if (harm === 'lost') for (const name of [STATE_FILE, JOURNAL_FILE]) rmSync(join(stateDir, name), { force: true });
  else writeFileSync(file, '{"formatVersion": 1, "entries": [tru');
}

function readActual(config: Config, main: PassOutcome): Actual {
  const trashOf = (side: Side) => readTrash(join(config[side], config.softDelete.folder));
  const report = main.report;
  return {
    left: readTree(config.left, [config.softDelete.folder]),
    right: readTree(config.right, [config.softDelete.folder]),
    trash: { left: trashOf('left'), right: trashOf('right') },
    conflicts: report?.conflicts ?? [],
    counts: report?.counts ?? {},
    plan: planLines(report?.plan ?? []),
    problems: report?.problems ?? [],
    exitCode: main.exitCode,
    failures: failures(main),
  };
}
