import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { syncPass } from '../../src/app/sync-pass.js';
import { loadConfig } from '../../src/config/load.js';
import { hasIo } from '../../src/plan/summary.js';
import { Rng, runCli, type KillWhen } from '../support/crash.js';
import { convergedErrors, CrashWorld, listBoth, safetyErrors } from '../support/crash-world.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

/*
 * Crash trials (SPEC §6 "crash at any moment"): a real `syncwarden sync` child process, copying,
 * overwriting to the trash, deleting and renaming clash files, is killed with SIGKILL at a random moment.
 * Right after the kill no file under a real name may be partial and no latest version may be lost; the
 * next pass must converge. SW_CRASH_TRIALS=200 runs more trials; SW_CRASH_SEED=<n> replays a run
 * (a failing trial prints its seed and kill; SW_CRASH_SEED=<that seed - 7919> SW_CRASH_TRIALS=1 with
 * SW_CRASH_CAL_MS=<the calibrated pass ms printed> replays it, timing noise aside).
 */
const TRIALS = Number(process.env.SW_CRASH_TRIALS ?? 8);
const FIRST_TRIALS = Math.max(2, Math.round(TRIALS / 4));
const SEED = Number(process.env.SW_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** At most this many 1–8 MB files at the start (at least 5); SW_CRASH_MAX_BIG=20 for heavier trials. */
const MAX_BIG = Number(process.env.SW_CRASH_MAX_BIG ?? 8);
const MB = 1024 * 1024;

interface TrialOutcome { seed: number; kill: string; killed: boolean; errors: string[]; clashErrors: string[]; temps: string[]; followCode: number | null }

/** isClashError tells the "nor invents conflicts" findings apart (a test of their own reports them, see below). */
const isClashError = (e: string): boolean => /invented conflict|clash file for/.test(e);

/** A trial's world after its first (unkilled) sync and its user changes, ready for the pass under test. */
function prepare(seed: number): { dir: string; world: CrashWorld } {
  const dir = makeTmp('sw-crash-');
  const world = new CrashWorld(dir, new Rng(seed));
  return { dir, world };
}

async function firstSync(world: CrashWorld): Promise<void> {
  const { big, small } = world.setup(MAX_BIG);
  // The first pass only sets the scene: in-process saves a child process start on a busy CI machine.
  const first = await syncPass(loadConfig(world.config));
  assert.equal(first.exitCode, 0, 'first sync failed');
  world.mutate(big, small);
}

function describeKill(when: KillWhen): string {
  if (when.kind === 'delay') return `SIGKILL after ${when.ms.toFixed(0)} ms`;
  if (when.kind === 'bytes') return `SIGKILL once temp files hold ${when.bytes} bytes`;
  return 'no kill';
}

/** ioPlan is what a further pass would still do on disk (a dry run, in-process: it changes nothing). */
async function ioPlan(world: CrashWorld): Promise<string[]> {
  const report = await syncPass(loadConfig(world.config), { dryRun: true });
  return report.plan.filter(hasIo).map((a) => `${a.kind} ${a.key}`);
}

/**
 * followingSync runs the unkilled pass after a kill. In a shared checkout another engineer's build can
 * leave dist/ half-written for a moment (a module fails to load): that run proves nothing, so wait and retry.
 */
async function followingSync(world: CrashWorld): Promise<Awaited<ReturnType<typeof runCli>>> {
  for (let attempt = 1; ; attempt++) {
    const out = await runCli(['sync', '--config', world.config]);
    const notLoaded = out.code === 1 && /SyntaxError|ERR_MODULE_NOT_FOUND/.test(out.stderr) && /dist[\\/]src/.test(out.stderr);
    if (!notLoaded || attempt === 4) return out;
    await sleep(15_000);
  }
}

/** trial runs one killed pass and everything after it, and returns what went wrong (nothing, ideally). */
async function trial(seed: number, killWhen: (world: CrashWorld) => KillWhen, phase: 'first' | 'later' = 'later'): Promise<TrialOutcome & { ms: number }> {
  const { dir, world } = prepare(seed);
  try {
    // 'first' kills the initial union itself (no base yet); 'later' a pass after changes on both sides.
    if (phase === 'later') await firstSync(world);
    else world.setup(MAX_BIG);
    const when = killWhen(world);
    const killedRun = await runCli(['sync', '--config', world.config], when);
    const errors = safetyErrors(world, listBoth(world)).map((e) => `after the kill: ${e}`);
    const follow = await followingSync(world);
    if (follow.code !== 0 && follow.code !== 1) errors.push(`the following sync exited ${follow.code}: ${follow.stderr.slice(0, 500)}`);
    const followNote = follow.code === 0 ? '' : ` [the following sync exited ${follow.code}: ${(follow.stderr + follow.stdout).slice(-600)}]`;
    const left = await ioPlan(world).catch((err: Error) => [`(the further pass threw: ${err.message})`]);
    if (left.length) errors.push(`a further sync still plans ${left.length} actions: ${left.slice(0, 8).join('; ')}`);
    const lists = listBoth(world);
    errors.push(...convergedErrors(world, lists).map((e) => `after convergence: ${e}`));
    if (errors.length && followNote) errors.push(followNote);
    const temps = [...lists.left.temps.map((t) => `left:${t}`), ...lists.right.temps.map((t) => `right:${t}`)];
    const clashErrors = errors.filter(isClashError);
    return {
      seed, kill: describeKill(when), killed: killedRun.killed, errors: errors.filter((e) => !isClashError(e)), clashErrors,
      temps, followCode: follow.code, ms: killedRun.ms,
    };
  } finally {
    removeTmp(dir);
  }
}

/** saveState keeps the state's files (snapshot and journal) as they are, to put them back later. */
function saveState(dir: string): { restore: () => void } {
  const files = ['state.json', 'state.journal'].map((name) => ({ file: join(dir, name), bytes: existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : null }));
  return {
    restore() {
      for (const { file, bytes } of files) bytes ? writeFileSync(file, bytes) : rmSync(file, { force: true });
    },
  };
}

const outcomes: TrialOutcome[] = [];
let calibratedMs = 0;

test(`crash trials: calibration, an unkilled pass (seed ${SEED})`, async () => {
  const out = await trial(SEED, () => ({ kind: 'none' }));
  assert.deepEqual([...out.errors, ...out.clashErrors], [], `seed ${SEED}`);
  calibratedMs = Number(process.env.SW_CRASH_CAL_MS ?? out.ms);
});

/** randomKill picks a kill moment: half at a random moment of the measured pass, half once a copy is under way. */
function randomKill(world: CrashWorld): KillWhen {
  if (world.rng.next() < 0.5) return { kind: 'delay', ms: world.rng.next() * calibratedMs };
  return { kind: 'bytes', bytes: world.rng.int(1, 12 * MB), dirs: [join(world.left, 'big'), join(world.right, 'big')] };
}

test(`crash trials: ${TRIALS} passes killed with SIGKILL at random moments (base seed ${SEED})`, async (t) => {
  const failures: string[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const seed = (SEED + (i + 1) * 7919) >>> 0;
    const out = await trial(seed, randomKill);
    outcomes.push(out);
    if (out.errors.length) failures.push(`seed ${seed} (${out.kill}, killed: ${out.killed}):\n  ${out.errors.join('\n  ')}`);
  }
  const killed = outcomes.filter((o) => o.killed).length;
  t.diagnostic(`${TRIALS} trials, ${killed} killed mid-pass, calibrated pass ${calibratedMs.toFixed(0)} ms, base seed ${SEED}`);
  assert.equal(failures.length, 0, `crash trials failed (rerun with SW_CRASH_SEED=${SEED}):\n${failures.join('\n')}`);
});

test(`crash trials: ${FIRST_TRIALS} first syncs (no base yet) killed with SIGKILL (base seed ${SEED})`, async (t) => {
  const failures: string[] = [];
  let killed = 0;
  for (let i = 0; i < FIRST_TRIALS; i++) {
    const seed = (SEED + 1_000_003 + i * 7919) >>> 0;
    const out = await trial(seed, randomKill, 'first');
    outcomes.push(out);
    if (out.killed) killed++;
    if (out.errors.length) failures.push(`first-sync seed ${seed} (${out.kill}, killed: ${out.killed}):\n  ${out.errors.join('\n  ')}`);
  }
  t.diagnostic(`${FIRST_TRIALS} first-sync trials, ${killed} killed mid-pass`);
  assert.equal(failures.length, 0, `first-sync crash trials failed (rerun with SW_CRASH_SEED=${SEED}):\n${failures.join('\n')}`);
});

// SPEC §6 "temp files cleaned or retried on start": a copy killed mid-way leaves a .syncwarden-tmp-* file;
// the following pass sweeps it (5aad690).
test('crash trials: no temp file remains after the following sync', () => {
  const left = outcomes.filter((o) => o.temps.length).map((o) => `seed ${o.seed} (${o.kill}): ${o.temps.join(', ')}`);
  assert.deepEqual(left, [], `temp files left behind:\n${left.join('\n')}`);
});

// SPEC §6 "the next run ... nor invents conflicts". Seen once in 24 trials (seed 301814597, SIGKILL once
// temp files held 8230874 bytes): after the following sync, outbox/o0..o4.txt — created on the right only —
// each had a clash file (o0_clash_202611250420.txt …), whose times are those of notes/old/o0..o4.txt, the
// folder the right deleted just before creating outbox/. Likely cause: move detection pairs folders by inode
// alone (see test/property/sync-model.test.ts), so outbox/ reusing notes/old/'s inode reads as a move; the
// killed pass renamed left notes/old → outbox before its carried base records were saved, and the next pass
// saw outbox/o*.txt created on both sides with different contents: bothCreated.
test('crash trials: the following sync invents no conflict', () => {
  const found = outcomes.filter((o) => o.clashErrors.length).map((o) => `seed ${o.seed} (${o.kill}):\n  ${o.clashErrors.join('\n  ')}`);
  assert.deepEqual(found, [], found.join('\n'));
});

// Deterministic form of the above: on the right, notes/old is deleted and outbox/ created with the same
// inode (the allocator is walked there), holding new files of the same names. The pass replays this as
// a folder move (left notes/old → outbox); a crash before the state is written (simulated by restoring the
// state file) leaves the next pass seeing outbox/o*.txt created on both sides: it invents bothCreated
// conflicts and brings the deleted notes back as clash files on both sides.
test('crash: a crash after a folder move inferred from a reused inode invents no conflict', async (t) => {
  const dir = makeTmp('sw-crash-ino-');
  try {
    const p = (side: string, rel = '') => join(dir, side, rel);
    mkdirSync(p('left', 'notes/old'), { recursive: true });
    mkdirSync(p('right'));
    mkdirSync(p('hold'));
    writeFileSync(p('left', 'keep.md'), 'k');
    for (let i = 0; i < 3; i++) writeFileSync(p('left', `notes/old/o${i}.txt`), `old ${i}`);
    writeFileSync(join(dir, 'config.json5'), `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs', level: 'silent' }, safety: { maxDeletePercent: 100 } }`);
    const config = loadConfig(join(dir, 'config.json5'));
    assert.equal((await syncPass(config)).exitCode, 0);
    const ino = statSync(p('right', 'notes/old')).ino;
    rmSync(p('right', 'notes/old'), { recursive: true });
    let n = 0;
    for (mkdirSync(p('right', 'outbox')); statSync(p('right', 'outbox')).ino !== ino && n < 3000; mkdirSync(p('right', 'outbox'))) {
      renameSync(p('right', 'outbox'), p('hold', String(++n)));
    }
    if (statSync(p('right', 'outbox')).ino !== ino) return t.skip('the file system never reused the deleted folder\'s inode');
    for (let i = 0; i < 3; i++) writeFileSync(p('right', `outbox/o${i}.txt`), `new content ${i}`);
    const saved = saveState(p('state'));
    await syncPass(config);
    saved.restore();
    await syncPass(config);
    const clashes = readdirSync(p('left', 'outbox')).filter((name) => name.includes('_clash_'));
    assert.deepEqual(clashes, [], 'clash files invented for files only the right created');
    for (let i = 0; i < 3; i++) {
      assert.equal(readFileSync(p('left', `outbox/o${i}.txt`), 'utf8'), `new content ${i}`, `left outbox/o${i}.txt`);
    }
  } finally {
    removeTmp(dir);
  }
});
