import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load.js';
import { projectRoot } from '../config/project.js';
import { InputError, type FieldError } from '../model/errors.js';
import { loadPolicies } from '../policy/load.js';
import { assertTotal, type TotalityReport } from '../policy/totality.js';
import type { PolicySet } from '../policy/types.js';
import { checkCrons } from '../service/schedules.js';

/** CheckedConfig is a config and its policies that passed every check `validate` makes. */
export interface CheckedConfig {
  config: Config;
  policies: PolicySet;
  report: TotalityReport;
}

/**
 * loadCheckedConfig loads a config file and its policies the way `validate` does (and the service's live reload,
 * so an edit is accepted by one exactly when the other accepts it): the schema, the placement checks, the cron
 * expressions, every policy file, then the proof that the policies are total. Every error is reported at once
 * (InputError); with a broken config the shipped policies are still checked, so one run shows all it can.
 */
export async function loadCheckedConfig(file: string): Promise<CheckedConfig> {
  const errors: FieldError[] = [];
  const config = collect(errors, () => loadConfig(file));
  if (config) collect(errors, () => checkCrons(config));
  const dir = config?.policies.dir ?? join(projectRoot(), 'policies');
  const policies = collect(errors, () => loadPolicies(dir, config ?? { caseInsensitive: true }));
  if (errors.length || !config || !policies) throw new InputError(errors);
  const report = await assertTotal(policies, config, () => seedPolicies(config));
  return { config, policies, report };
}

/** seedPolicies loads the shipped policies, which name the rules a gap in the admin's set lacks (none if they do not load). */
function seedPolicies(config: Config): PolicySet | undefined {
  try {
    return loadPolicies(join(projectRoot(), 'policies'), config);
  } catch {
    return undefined;
  }
}

function collect<T>(errors: FieldError[], load: () => T): T | undefined {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    errors.push(...err.errors);
    return undefined;
  }
}
