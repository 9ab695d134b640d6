import { explainPath } from '../../app/explain.js';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { explainText, UNKNOWN } from '../explain-text.js';

/** explainCommand prints the facts for a path, the rules that matched, the winner and the planned actions. */
export async function explainCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const path = ctx.args[0];
  if (!path) throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'a path to explain' }]);
  const result = await explainPath(config, path);
  if (ctx.options.json) ctx.out(`${JSON.stringify(result.fact ? { path, found: true, ...result } : { path, found: false, message: UNKNOWN }, null, 2)}\n`);
  else ctx.out(explainText(path, result));
  return 0;
}

