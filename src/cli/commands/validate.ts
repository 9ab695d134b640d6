import { join } from 'node:path';
import { projectRoot } from '../../config/project.js';
import type { Config } from '../../config/config.js';
import { loadConfig } from '../../config/load.js';
import { rootWarnings } from '../../config/placement.js';
import { formatFieldErrors, InputError, type FieldError } from '../../model/errors.js';
import { loadPolicies } from '../../policy/load.js';
import type { PolicySet } from '../../policy/types.js';
import { assertTotal } from '../../policy/totality.js';
import type { CliContext } from '../context.js';

/**
 * validateCommand loads the config and every policy file, proves the policies total, and reports every
 * error at once (exit 2); what a pass would still stop on but may come right (a root not mounted yet)
 * is printed as a warning instead of "ok", and the exit code stays 0.
 */
export async function validateCommand(ctx: CliContext): Promise<number> {
  const errors: FieldError[] = [];
  const config = collect(errors, () => loadConfig(ctx.configFile));
  // With a broken config, still check the shipped policies, so one run shows every problem it can.
  const dir = config?.policies.dir ?? join(projectRoot(), 'policies');
  const policies = collect(errors, () => loadPolicies(dir, config ?? { caseInsensitive: true }));
  if (errors.length) throw new InputError(errors);
  const report = await assertTotal(policies!, config!, () => seedPolicies(config!));
  const c = config as Config;
  const warnings = rootWarnings(c);
  const head = warnings.length
    ? `${formatFieldErrors(warnings).replace(/^/gm, 'warning: ')}\nvalid, with ${warnings.length} warning(s): ${c.file}`
    : `ok: ${c.file}`;
  if (ctx.options.json) {
    const checked = { dir, scopeLevels: policies!.levels.length, combinations: report.combinations, scopeChains: report.chains.length, ms: Math.round(report.ms) };
    ctx.out(`${JSON.stringify({ ok: true, file: c.file, left: c.left, right: c.right, warnings, policies: checked }, null, 2)}\n`);
    return 0;
  }
  ctx.out(
    `${head}\n  left:  ${c.left}\n  right: ${c.right}\n` +
      `  policies: ${dir} (${policies!.levels.length} scope level(s)); every one of ${report.combinations} fact combinations ` +
      `under ${report.chains.length} scope chain(s) has exactly one winning rule (${Math.round(report.ms)} ms)\n`,
  );
  return 0;
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
