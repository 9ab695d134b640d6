import { loadConfig } from '../../config/load.js';
import type { CliContext } from '../context.js';

/** validate loads the config (and, once they exist, the policies) and reports every error. */
export async function validateCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  ctx.out(`ok: ${config.file}\n  left:  ${config.left}\n  right: ${config.right}\n`);
  return 0;
}
