import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { PolicyFacts } from '../model/fact.js';
import type { PolicyFile, PolicyRule } from './types.js';

/**
 * FileEngine wraps the json-rules-engine Engine of one policy file. Upstream keeps run status on the
 * engine, so overlapping runs cut each other short (issues #303, #360), and `stop()` stops the whole
 * engine: runs here are queued one after another, every rule is evaluated, and the caller picks the
 * winner (select.ts).
 */
export class FileEngine {
  readonly file: PolicyFile;
  /** Engine runs so far (for measurements). */
  runs = 0;
  readonly #engine: Engine;
  readonly #byName: Map<string, PolicyRule>;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: PolicyFile) {
    this.file = file;
    this.#byName = new Map(file.rules.map((rule) => [rule.name, rule]));
    this.#engine = new Engine(file.rules.map(toEngineRule), { allowUndefinedFacts: false });
  }

  /** matchingRules evaluates every rule of the file on one fact set and resolves to those that matched, in file order. */
  matchingRules(facts: PolicyFacts): Promise<PolicyRule[]> {
    const run = this.#queue.then(() => {
      this.runs++;
      return this.#engine.run({ ...facts });
    });
    this.#queue = run.catch(() => undefined);
    return run.then((result) =>
      result.results.map((r) => this.#byName.get(r.name)!).sort((a, b) => a.order - b.order));
  }
}

function toEngineRule(rule: PolicyRule): RuleProperties {
  // The engine builds its own condition objects; a clone keeps the loaded policy untouched whatever it does.
  return {
    name: rule.name,
    priority: rule.priority,
    conditions: structuredClone(rule.conditions) as TopLevelCondition,
    event: { type: rule.event.type, params: { ...rule.event.params } },
  };
}
