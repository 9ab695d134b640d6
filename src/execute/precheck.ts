import type { Stamp } from '../model/entry.js';
import type { FsStat } from '../ports/fs.js';
import { other, type Side } from '../model/side.js';
import type { ActionEnv, SideIo } from './types.js';

/**
 * stampMismatch says how the disk differs from the plan's stamp, or returns null when it matches.
 * Files must keep type, size and mtime; a folder only its type, because its mtime moves with its children.
 */
export function stampMismatch(stat: FsStat | null, expect: Stamp): string | null {
  if (expect === null) return stat === null ? null : `appeared (${stat.type})`;
  if (stat === null) return 'is gone';
  if (stat.type !== expect.type) return `is now a ${stat.type}, expected a ${expect.type}`;
  if (expect.type === 'dir') return null;
  if (stat.size !== expect.size) return `size ${stat.size}, expected ${expect.size}`;
  if (stat.mtimeMs !== expect.mtimeMs) return `mtime ${stat.mtimeMs}, expected ${expect.mtimeMs}`;
  return null;
}

/** Precheck is the outcome of comparing one path against its stamp. */
export type Precheck = { ok: true; stat: FsStat | null } | { ok: false; why: string };

/** precheck stats `rel` on one side and compares it with the stamp the plan was built on. */
export async function precheck(io: SideIo, rel: string, expect: Stamp): Promise<Precheck> {
  const stat = await io.fs.stat(io.abs(rel));
  const why = stampMismatch(stat, expect);
  return why === null ? { ok: true, stat } : { ok: false, why };
}

/**
 * reappeared re-checks a delete's evidence just before it runs: the path the plan saw absent on the other side
 * (`absentRel`) must still be absent. Returns why not (the refusal's words), or null to go ahead.
 */
export async function reappeared(env: ActionEnv, side: Side, absentRel: string | undefined): Promise<{ side: Side; rel: string; why: string } | null> {
  if (absentRel === undefined) return null;
  const io = env.io(other(side));
  const stat = await io.fs.stat(io.abs(absentRel));
  return stat === null ? null : { side: io.side, rel: absentRel, why: `is there again (a ${stat.type}), so ${side} keeps its copy` };
}
