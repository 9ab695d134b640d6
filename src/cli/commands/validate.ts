import { join } from 'node:path';
import { projectRoot } from '../../config/project.js';
import type { Config } from '../../config/config.js';
import { loadConfig } from '../../config/load.js';
import { InputError, type FieldError } from '../../model/errors.js';
import { loadPolicies } from '../../policy/load.js';
import { assertTotal } from '../../policy/totality.js';
import type { CliContext } from '../context.js';

/** validateCommand loads the config and every policy file, proves the policies total, and reports every error at once. */
export async function validateCommand(ctx: CliContext): Promise<number> {
  const errors: FieldError[] = [];
  const config = collect(errors, () => loadConfig(ctx.configFile));
  // With a broken config, still check the shipped policies, so one run shows every problem it can.
  const dir = config?.policies.dir ?? join(projectRoot(), 'policies');
  const policies = collect(errors, () => loadPolicies(dir, config ?? { caseInsensitive: true }));
  if (errors.length) throw new InputError(errors);
  const report = await assertTotal(policies!, config!);
  const c = config as Config;
  if (ctx.options.json) {
    const checked = { dir, scopeLevels: policies!.levels.length, combinations: report.combinations, scopeChains: report.chains.length, ms: Math.round(report.ms) };
    ctx.out(`${JSON.stringify({ ok: true, file: c.file, left: c.left, right: c.right, policies: checked }, null, 2)}\n`);
    return 0;
  }
  ctx.out(
    `ok: ${c.file}\n  left:  ${c.left}\n  right: ${c.right}\n` +
      `  policies: ${dir} (${policies!.levels.length} scope level(s)); every one of ${report.combinations} fact combinations ` +
      `under ${report.chains.length} scope chain(s) has exactly one winning rule (${Math.round(report.ms)} ms)\n`,
  );
  return 0;
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
