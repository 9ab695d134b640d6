import type { Config } from '../config/config.js';
import type { Action } from '../model/action.js';
import type { BaseRecord } from '../model/base.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import { Decider } from '../policy/evaluate.js';
import { explainFact, type Explanation } from '../policy/explain.js';
import { loadPolicies } from '../policy/load.js';
import { StateStore } from '../state/store.js';
import { keysOfPaths } from './paths.js';
import { preparePass } from './sync-pass.js';

/** PathExplanation is the whole story of one path: facts, policy reasoning and the actions a sync would take. */
export interface PathExplanation {
  fact: PathFact | undefined;
  explanation: Explanation | undefined;
  actions: Action[];
}

/** explainPath scans, derives the fact for one path and reports how the policies decide it; changes nothing. */
export async function explainPath(config: Config, path: string): Promise<PathExplanation> {
  keysOfPaths([path], config);
  const store = await StateStore.open(config.stateDir, { readOnly: true });
  try {
    return await explainOnBase(config, store.base, path);
  } finally {
    await store.close();
  }
}

/**
 * explainOnBase is explainPath against a base already in memory (the running service's). It loads its own
 * Decider: json-rules-engine runs must never overlap, and a pass may be running on the service's one.
 */
export async function explainOnBase(config: Config, base: ReadonlyMap<Key, BaseRecord>, path: string): Promise<PathExplanation> {
  const [key] = keysOfPaths([path], config);
  const decider = new Decider(loadPolicies(config.policies.dir, config), config);
  const prepared = await preparePass(config, base, decider, [path]);
  const fact = prepared.facts.get(key);
  const explanation = fact ? await explainFact(decider, fact) : undefined;
  const actions = prepared.plan.actions.filter((a) => a.key === key || (a.kind === 'rename' && a.toKey === key));
  return { fact, explanation, actions };
}
