// Child process of the sync-nochange bench: `sync-phases-child CONFIG` does what one `syncwarden sync` pass
// does over an already-synced pair, step by step with a clock around each step, and prints one JSON line of
// milliseconds: Node start + module loading (up to this module's first line), config, policies, scan of both
// sides, state load, planning (preparePass), the state write and close. It changes nothing on either side.
const modulesMs = performance.now();
const { loadConfig } = await import('../src/config/load.js');
const { loadPolicies } = await import('../src/policy/load.js');
const { Decider } = await import('../src/policy/evaluate.js');
const { scanBoth } = await import('../src/scan/scanner.js');
const { StateStore } = await import('../src/state/store.js');
const { preparePass } = await import('../src/app/sync-pass.js');
const importsMs = performance.now() - modulesMs;

const clock = () => {
  let t = performance.now();
  return () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
};
const lap = clock();
const config = loadConfig(process.argv[2]);
const configMs = lap();
const decider = new Decider(loadPolicies(config.policies.dir, config), config);
const policiesMs = lap();
const scanned = await scanBoth(config);
const scanMs = lap();
const store = await StateStore.open(config.stateDir);
const stateLoadMs = lap();
// As a sync pass plans: unchanged paths the policy proves need nothing are left out (facts/unchanged).
const prepared = await preparePass(config, store.base, decider, undefined, scanned, undefined, { skipUnchanged: { keep: (key) => store.conflicts.get(key)?.status === 'open' } });
const planMs = lap();
store.recordRun({ runId: 'bench', start: new Date().toISOString(), end: new Date().toISOString(), counts: {}, exitCode: 0 });
store.markBaseComplete();
await store.close();
const stateWriteMs = lap();
console.log(JSON.stringify({
  startup: modulesMs, imports: importsMs, config: configMs, policies: policiesMs, scan: scanMs, stateLoad: stateLoadMs,
  plan: planMs, stateWrite: stateWriteMs, actions: prepared.plan.actions.length, maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
