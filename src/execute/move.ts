import { randomBytes } from 'node:crypto';
import { sameEntryName } from './paths.js';
import type { SideIo } from './types.js';

/**
 * renameEntry renames on one side. A case-only (or Unicode-form-only) change goes through an intermediate
 * name, because on a case-insensitive disk the direct rename either does nothing or fails.
 */
export async function renameEntry(io: SideIo, fromRel: string, toRel: string): Promise<void> {
  if (!sameEntryName(fromRel, toRel)) return io.fs.rename(io.abs(fromRel), io.abs(toRel));
  if (fromRel === toRel) return;
  // Deliberately not TEMP_PREFIX: should both the second step and the undo fail, the entry stays visible
  // to the scanner under an odd name instead of vanishing (and then looking deleted, or being swept as temp).
  const middle = `${fromRel}.syncwarden-case-${randomBytes(4).toString('hex')}`;
  await io.fs.rename(io.abs(fromRel), io.abs(middle));
  try {
    await io.fs.rename(io.abs(middle), io.abs(toRel));
  } catch (err) {
    await io.fs.rename(io.abs(middle), io.abs(fromRel)).catch(() => undefined);
    throw err;
  }
}
