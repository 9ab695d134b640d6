import { loadConfig } from '../../config/load.js';
import type { ConflictRecord, ConflictSide } from '../../model/conflict.js';
import { StateStore } from '../../state/store.js';
import type { CliContext } from '../context.js';
import { conflictName } from '../render.js';
import { humanSize, localTime } from '../../text/units.js';

/** conflictsCommand lists open conflicts (with --all, settled ones too) as a table or JSON. */
export async function conflictsCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const store = await StateStore.open(config.stateDir, { readOnly: true });
  try {
    const all = [...store.conflicts.values()].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
    const shown = ctx.options.all ? all : all.filter((c) => c.status === 'open');
    ctx.out(ctx.options.json ? `${JSON.stringify(shown, null, 2)}\n` : table(shown, !!ctx.options.all));
    return 0;
  } finally {
    await store.close();
  }
}

function side(s: ConflictSide): string {
  if (s.size === null || s.mtimeMs === null) return 'absent';
  return `${humanSize(s.size)}, ${localTime(s.mtimeMs)}`;
}

function table(rows: ConflictRecord[], all: boolean): string {
  if (!rows.length) return all ? 'no conflicts recorded\n' : 'no open conflicts\n';
  const cells = rows.map((c) => [c.status, c.left.rel ?? c.right.rel ?? c.key, conflictName(c.rule, c.option), c.newer, side(c.left), side(c.right), localTime(c.lastSeen)]);
  const head = ['status', 'path', 'rule', 'newer', 'left', 'right', 'last seen'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const hint = rows.some((c) => c.status === 'open') ? '\nsettle one with: syncwarden resolve PATH --keep left|right|both\n' : '';
  return `${[line(head), ...cells.map(line)].join('\n')}\n${hint}`;
}
