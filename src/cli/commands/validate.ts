import type { Config } from '../../config/config.js';
import { rootWarnings } from '../../config/placement.js';
import { formatFieldErrors } from '../../model/errors.js';
import { loadCheckedConfig } from '../../app/checked-config.js';
import type { CliContext } from '../context.js';

/**
 * validateCommand loads the config and every policy file, proves the policies total, and reports every
 * error at once (exit 2); what a pass would still stop on but may come right (a root not mounted yet)
 * is printed as a warning instead of "ok", and the exit code stays 0. The running service checks an
 * edited config with the same code (app/checked-config.ts) before it applies it.
 */
export async function validateCommand(ctx: CliContext): Promise<number> {
  const { config, policies, report } = await loadCheckedConfig(ctx.configFile);
  const c: Config = config;
  const dir = policies.dir;
  const warnings = rootWarnings(c);
  const head = warnings.length
    ? `${formatFieldErrors(warnings).replace(/^/gm, 'warning: ')}\nvalid, with ${warnings.length} warning(s): ${c.file}`
    : `ok: ${c.file}`;
  if (ctx.options.json) {
    const checked = { dir, scopeLevels: policies.levels.length, combinations: report.combinations, scopeChains: report.chains.length, ms: Math.round(report.ms) };
    ctx.out(`${JSON.stringify({ ok: true, file: c.file, left: c.left, right: c.right, warnings, policies: checked }, null, 2)}\n`);
    return 0;
  }
  ctx.out(
    `${head}\n  left:  ${c.left}\n  right: ${c.right}\n` +
      `  policies: ${dir} (${policies.levels.length} scope level(s)); every one of ${report.combinations} fact combinations ` +
      `under ${report.chains.length} scope chain(s) has exactly one winning rule (${Math.round(report.ms)} ms)\n`,
  );
  return 0;
}
