import type { ExecContext, SideIo } from './types.js';
import { ensureDir } from './dirs.js';
import { joinRel, parentRel } from './paths.js';

/** trashRelOf is where `rel` goes when soft-deleted in this run: `<folder>/<stamp>/<rel>`. */
export function trashRelOf(ctx: ExecContext, rel: string): string {
  return `${ctx.trash.folder}/${ctx.trash.stamp}/${rel}`;
}

/** withSuffix adds `_n` before the extension (last dot; a leading dot is not an extension). */
export function withSuffix(rel: string, n: number): string {
  const dir = parentRel(rel);
  const name = dir === '' ? rel : rel.slice(dir.length + 1);
  const dot = name.lastIndexOf('.');
  const next = dot > 0 ? `${name.slice(0, dot)}_${n}${name.slice(dot)}` : `${name}_${n}`;
  return joinRel(dir, next);
}

/**
 * freeTrashRel picks an unused trash path for `rel` and creates its parent folders. A second version of
 * one path in one run (overwritten, then deleted) gets `_2`, `_3`…: the trash never overwrites.
 */
export async function freeTrashRel(io: SideIo, ctx: ExecContext, rel: string): Promise<string> {
  const first = trashRelOf(ctx, rel);
  await ensureDir(io, parentRel(first));
  let candidate = first;
  for (let n = 2; (await io.fs.stat(io.abs(candidate))) !== null; n++) candidate = withSuffix(first, n);
  return candidate;
}

/** moveToTrash moves a file or folder into this run's trash on its own side and returns where it went. */
export async function moveToTrash(io: SideIo, ctx: ExecContext, rel: string): Promise<string> {
  const to = await freeTrashRel(io, ctx, rel);
  await io.fs.rename(io.abs(rel), io.abs(to));
  return to;
}
