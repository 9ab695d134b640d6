// Child process of the plan bench: `plan-child LEFT RIGHT RUNS` scans both roots once, makes a base in which
// every file was last synced a day earlier (so every file is `modified` on the left, `unchanged` on the
// right), then RUNS times: a fresh Decider, gather, decideAll and buildPlan, and once more through preparePass
// (the sync pass's own sequence). Prints one JSON line of per-run milliseconds.
import { preparePass } from '../src/app/sync-pass.js';
import { resolveConfig } from '../src/config/load.js';
import { MIB } from '../src/config/config.js';
import { gather } from '../src/facts/gather.js';
import type { BaseRecord } from '../src/model/base.js';
import type { Key } from '../src/model/key.js';
import { buildPlan } from '../src/plan/build.js';
import { Decider } from '../src/policy/evaluate.js';
import { loadPolicies } from '../src/policy/load.js';
import { scanBoth } from '../src/scan/scanner.js';

const DAY = 86_400_000;
const [left, right, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 1);
const config = resolveConfig({ left, right }, `${process.cwd()}/bench-config.json5`);
const scanned = await scanBoth(config);
const base = new Map<Key, BaseRecord>();
let files = 0;
for (const [key, l] of scanned.left.tree) {
  const r = scanned.right.tree.get(key);
  if (!r || r.type !== l.type) continue;
  const file = l.type === 'file';
  if (file) files++;
  base.set(key, {
    type: l.type,
    left: { rel: l.rel, size: l.size, mtimeMs: file ? l.mtimeMs - DAY : l.mtimeMs, mode: l.mode, ino: l.ino },
    right: { rel: r.rel, size: r.size, mtimeMs: r.mtimeMs, mode: r.mode, ino: r.ino },
  });
}

const out = { files, paths: 0, decisions: 0, actions: 0, problems: 0, policies: [] as number[], gather: [] as number[], decide: [] as number[], build: [] as number[], total: [] as number[], prepare: [] as number[], cpu: { policies: [] as number[], gather: [] as number[], decide: [] as number[], build: [] as number[], total: [] as number[], prepare: [] as number[] }, maxRssMiB: 0 };
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
for (let i = 0; i < runs; i++) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const decider = new Decider(loadPolicies(config.policies.dir, config), config);
  const t1 = performance.now();
  const c1 = cpuMs();
  const facts = gather({
    left: scanned.left.tree, right: scanned.right.tree, base,
    incomplete: [...scanned.left.incomplete, ...scanned.right.incomplete],
    scopeOf: (key) => decider.scopeOf(key),
    opts: { mtimeToleranceMs: config.mtimeToleranceMs, largeBytes: config.softDelete.maxSizeMB * MIB, conflicts: config.conflicts },
  });
  // As preparePass does: the facts carry the conflict options in force for their scope.
  for (const fact of facts.values()) fact.facts = decider.effectiveFacts(fact.facts, decider.scopes.chainOf(fact.key));
  const t2 = performance.now();
  const c2 = cpuMs();
  const { decisions, problems } = await decider.decideAll(facts.values());
  const t3 = performance.now();
  const c3 = cpuMs();
  const plan = buildPlan(facts.values(), decisions, {
    trees: { left: scanned.left.tree, right: scanned.right.tree },
    caseInsensitive: config.caseInsensitive,
    mtimeToleranceMs: config.mtimeToleranceMs,
    softDelete: { enabled: config.softDelete.enabled, maxBytes: config.softDelete.maxSizeMB * MIB, onOverwrite: config.softDelete.onOverwrite },
    taken: new Set<Key>([...scanned.left.tree.keys(), ...scanned.right.tree.keys(), ...base.keys()]),
  });
  const t4 = performance.now();
  const c4 = cpuMs();
  out.cpu.policies.push(c1 - c0);
  out.cpu.gather.push(c2 - c1);
  out.cpu.decide.push(c3 - c2);
  out.cpu.build.push(c4 - c3);
  out.cpu.total.push(c4 - c0);
  out.policies.push(t1 - t0);
  out.gather.push(t2 - t1);
  out.decide.push(t3 - t2);
  out.build.push(t4 - t3);
  out.total.push(t4 - t0);
  Object.assign(out, { paths: facts.size, decisions: decisions.size, actions: plan.actions.length, problems: problems.length + plan.problems.length });
  // The same work through the sync pass's own function (a fresh decider, as every pass has).
  const c5 = cpuMs();
  const t5 = performance.now();
  await preparePass(config, base, new Decider(loadPolicies(config.policies.dir, config), config), undefined, scanned);
  out.prepare.push(performance.now() - t5);
  out.cpu.prepare.push(cpuMs() - c5);
}
out.maxRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
