import { parseJson5File } from '../config/load.js';
import { schemaErrors } from '../config/schema-check.js';
import { InputError, type FieldError } from '../model/errors.js';
import { checkScenario } from './check.js';
import type { Scenario } from './format.js';

/** loadScenario reads, parses and validates a scenario file; throws InputError naming the file, field and expectation. */
export function loadScenario(file: string): Scenario {
  const data = parseJson5File(file);
  const errors = scenarioErrors(data, file);
  if (errors.length) throw new InputError(errors);
  return { ...(data as Omit<Scenario, 'file'>), file };
}

/** scenarioErrors validates parsed scenario data in place (applying defaults) and returns every error. */
export function scenarioErrors(data: unknown, file: string): FieldError[] {
  const errors = schemaErrors('scenario', data, file);
  const semantic = checkScenario(data, file);
  // A tree name with a '/' inside fails the schema as an unknown key; the semantic error says it better.
  const explained = new Set(semantic.map((e) => e.field));
  return [...errors.filter((e) => !explained.has(e.field)), ...semantic];
}
