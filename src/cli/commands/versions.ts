import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/load.js';
import { SIDES } from '../../model/side.js';
import { humanSize, localTime } from '../../text/units.js';
import { listAllVersions, listVersions, type Version } from '../../versions/index.js';
import type { CliContext } from '../context.js';

/**
 * versionsCommand lists the versions of a path kept in the trash, newest first; a folder's path lists the
 * versions of everything under it. No versions is an answer (exit 0), not an error.
 */
export async function versionsCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const path = ctx.args[0];
  const vctx = { config };
  for (const side of SIDES) {
    if (!existsSync(config[side])) process.stderr.write(`the ${side} root ${config[side]} is not reachable: its versions are not listed\n`);
  }
  // One path reads one shard of the index; a folder (or no path: the whole trash) reads them all.
  let versions = path === undefined ? [] : await listVersions(vctx, path);
  if (!versions.length) versions = await listAllVersions(vctx, path === undefined ? {} : { under: path });
  if (ctx.options.json) ctx.out(`${JSON.stringify({ path: path ?? null, versions }, null, 2)}\n`);
  else ctx.out(table(path, versions, config.softDelete.retentionDays));
  return 0;
}

function table(path: string | undefined, rows: Version[], days: number): string {
  if (!rows.length) return `no versions${path === undefined ? '' : ` of ${path}`} in the trash (the sync keeps what it deletes or overwrites for ${days} days, up to softDelete.maxSizeMB)\n`;
  const several = new Set(rows.map((v) => v.key)).size > 1;
  const cells = rows.map((v) => [v.id, localTime(v.ts), v.side, humanSize(v.size), v.reason, localTime(v.mtime), ...(several ? [v.path] : [])]);
  const head = ['id', 'date', 'side', 'size', 'reason', 'modified', ...(several ? ['path'] : [])];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const hint = `\nbring one back with: syncwarden restore ${several ? 'PATH' : quote(rows[0].path)} --version ID [--to left|right|both]\n`;
  return `${[line(head), ...cells.map(line)].join('\n')}\n${hint}`;
}

function quote(p: string): string {
  return /[\s"'$&|;<>()]/.test(p) ? `"${p}"` : p;
}
