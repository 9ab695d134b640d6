import { resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load.js';
import { formatFieldErrors, InputError } from '../model/errors.js';
import { loadPolicies } from '../policy/load.js';
import { checkTotality } from '../policy/totality.js';
import { result, type CheckResult } from './types.js';

/** checkConfig loads the config the way every command does; without it no other check can run. */
export function checkConfig(file: string): { config: Config | null; results: CheckResult[] } {
  const title = 'config valid';
  try {
    const config = loadConfig(file);
    return { config, results: [result('config', title, 'ok', config.file)] };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const detail = `${resolve(file)}:\n      ${formatFieldErrors(err.errors).replaceAll('\n', '\n      ')}`;
    return { config: null, results: [result('config', title, 'fail', detail, 'correct the fields named above (syncwarden validate lists the same errors)')] };
  }
}

/** checkPolicies loads the policy files and proves them total: every combination of facts gets exactly one rule. */
export async function checkPolicies(config: Config): Promise<CheckResult> {
  const title = 'policies total';
  const fix = 'run syncwarden validate for the rules that are missing or tie, and fix the policy files';
  try {
    const set = loadPolicies(config.policies.dir, config);
    const report = await checkTotality(set, config, { maxFailures: 3 });
    if (report.ok) return result('policies', title, 'ok', `${config.policies.dir}: each of ${report.combinations} fact combinations has exactly one winning rule`);
    const first = report.failures.map((f) => f.message).join('; ');
    return result('policies', title, 'fail', `${config.policies.dir}: ${report.failureCount} fact combination(s) have no winning rule or two that disagree (${first})`, fix);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return result('policies', title, 'fail', formatFieldErrors(err.errors), fix);
  }
}
