import { randomUUID } from 'node:crypto';
import { link, readFile, rename, stat, unlink } from 'node:fs/promises';
import { createExclusive, ignoreMissing, readLock, statMark, type Seen } from './lock-file.js';

// A takeover claim lives for a few file operations; one this old was left by a process that died meanwhile
// (shorter than LOCK_WAIT_MS, so a waiting start gets past it).
const CLAIM_ABANDONED_MS = 3_000;

/**
 * takeOver removes the stale lock `seen`, and nothing else. A claim file (created exclusively) makes us the
 * only remover; under it we read the lock again and remove it only if it is still the one judged stale. A
 * third process's fresh lock can only appear once the stale one is gone, so it is never removed. False: another
 * process is taking over right now (true again once its abandoned claim was cleared).
 */
export async function takeOver(file: string, seen: Seen, token: string): Promise<boolean> {
  const claim = `${file}.takeover`;
  if (!(await createExclusive(claim, token))) return clearAbandonedClaim(claim);
  const stillOurs = async (): Promise<boolean> => (await readFile(claim, 'utf8').catch(() => null)) === token;
  try {
    const now = await readLock(file);
    // The claim is checked again last: had we stalled past CLAIM_ABANDONED_MS, another process may own the takeover now.
    if (now !== 'gone' && now.mark === seen.mark && (await stillOurs())) await unlink(file).catch(ignoreMissing);
    return true;
  } finally {
    if (await stillOurs()) await unlink(claim).catch(ignoreMissing);
  }
}

/**
 * clearAbandonedClaim removes a claim its maker left behind by dying mid-takeover. Two processes may judge it
 * abandoned at once: each renames it aside first, and the one that moved a newer claim instead puts it back.
 */
async function clearAbandonedClaim(claim: string): Promise<boolean> {
  const st = await stat(claim).catch(() => null);
  if (!st) return true;
  if (Date.now() - st.mtimeMs < CLAIM_ABANDONED_MS) return false;
  const aside = `${claim}.${randomUUID()}`;
  try {
    await rename(claim, aside);
  } catch (err) {
    ignoreMissing(err as NodeJS.ErrnoException);
    return true;
  }
  const moved = await stat(aside);
  const same = statMark(moved) === statMark(st);
  if (!same) await link(aside, claim).catch(() => undefined);
  await unlink(aside).catch(ignoreMissing);
  return same;
}
