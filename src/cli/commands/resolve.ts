import { resolveConflict, resolveRunId, type Keep } from '../../app/resolve.js';
import { failureCause } from '../../app/audit.js';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { openCliLogger } from '../logger.js';
import { describeAction } from '../render.js';

/** resolveCommand settles one open conflict: keep left, right, or both (clash files as option 1). */
export async function resolveCommand(ctx: CliContext): Promise<number> {
  const keep = ctx.options.keep;
  if (keep !== 'left' && keep !== 'right' && keep !== 'both') {
    throw new InputError([{ file: '(command line)', field: '--keep', expected: 'left, right or both', found: String(keep ?? 'nothing') }]);
  }
  const config = loadConfig(ctx.configFile);
  const log = openCliLogger(config, !!ctx.options.json);
  try {
    const outcome = await log.runWith(resolveRunId(), () => resolveConflict(config, ctx.args[0], keep as Keep, log));
    if (ctx.options.json) ctx.out(`${JSON.stringify(outcome, null, 2)}\n`);
    else {
      for (const r of outcome.results) ctx.out(`${r.ok ? 'done  ' : 'FAILED'} ${describeAction(r.action)}${r.ok ? '' : `: ${failureCause(r.code, r.message)}`}\n`);
      ctx.out(outcome.ok ? `settled: ${outcome.conflict.left.rel ?? outcome.conflict.right.rel ?? outcome.conflict.key} (kept ${keep})\n` : 'not settled: the conflict stays open; fix the cause and try again\n');
    }
    return outcome.ok ? 0 : 1;
  } finally {
    await log.close();
  }
}
