import { InputError } from '../../model/errors.js';
import { CHECK_GROUPS, runDoctor, type CheckGroup } from '../../doctor/run.js';
import { renderChecklist } from '../../doctor/format.js';
import { failed } from '../../doctor/types.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';

/** doctorCommand prints the checklist (✓ ✗ ! -) with a fix under each problem; exit 1 when a check failed, 2 for a bad config. */
export async function doctorCommand(ctx: CliContext): Promise<number> {
  const only = parseOnly(ctx.options.only);
  const results = await runDoctor(ctx.configFile, { mail: ctx.options.mail === true, ...(only ? { only } : {}) });
  ctx.out(ctx.options.json ? `${JSON.stringify(results, null, 2)}\n` : renderChecklist(results));
  if (results[0]?.mark === 'fail') return EXIT.usage;
  return failed(results) ? EXIT.actionsFailed : EXIT.ok;
}

function parseOnly(value: unknown): CheckGroup[] | undefined {
  if (value === undefined || value === true) return undefined;
  const groups = String(value).split(',').map((g) => g.trim()).filter(Boolean);
  const unknown = groups.filter((g) => !(CHECK_GROUPS as readonly string[]).includes(g));
  if (unknown.length) {
    throw new InputError([{ file: '(command line)', field: '--only', expected: `a comma-separated list of ${CHECK_GROUPS.join(', ')}`, found: unknown.join(', ') }]);
  }
  return groups as CheckGroup[];
}
