import type { Config } from '../config/config.js';
import type { Action } from '../model/action.js';
import type { PathFact } from '../model/fact.js';
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
  const [key] = keysOfPaths([path], config);
  const decider = new Decider(loadPolicies(config.policies.dir, config), config);
  const store = await StateStore.open(config.stateDir, { readOnly: true });
  try {
    const prepared = await preparePass(config, store.base, decider, [path]);
    const fact = prepared.facts.get(key);
    const explanation = fact ? await explainFact(decider, fact) : undefined;
    const actions = prepared.plan.actions.filter((a) => a.key === key || (a.kind === 'rename' && a.toKey === key));
    return { fact, explanation, actions };
  } finally {
    await store.close();
  }
}
