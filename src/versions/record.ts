import type { ActionResult } from '../model/action.js';
import type { Stamp } from '../model/entry.js';
import { toKey } from '../model/key.js';
import { other, type Side } from '../model/side.js';
import type { Logger } from '../ports/log.js';
import { appendEntries, versionId, type CatalogEntry } from './catalog.js';
import type { VersionReason } from './types.js';

/** What a trashed file was: where, what it held, and why it went. */
interface Trashed {
  side: Side;
  path: string;
  was: Stamp;
  reason: VersionReason;
}

function trashedOf(result: ActionResult): Trashed | null {
  const a = result.action;
  switch (a.kind) {
    case 'delete': return { side: a.side, path: a.rel, was: a.expect, reason: 'deleted' };
    case 'copy': return { side: other(a.from), path: a.dstCurrentRel ?? a.dstRel, was: a.expectDst, reason: a.conflictLoser ? 'conflict loser' : 'overwritten' };
    case 'restore': return { side: a.side, path: a.rel, was: a.expectDst, reason: 'replaced by restore' };
    // An emptied folder's leftovers (Thumbs.db…) are not versions of anything a person made.
    default: return null;
  }
}

/**
 * catalogEntryOf turns a settled action into the index line of the version it sent to the trash, or null when
 * it trashed no file. The stamp is read from where it went (`<folder>/<stamp>/…`), the size and mtime from
 * what the action checked was there just before.
 */
export function catalogEntryOf(result: ActionResult, caseInsensitive: boolean, at: Date, run: string | null): CatalogEntry | null {
  if (!result.ok || result.trashedTo === undefined) return null;
  const t = trashedOf(result);
  if (!t || t.was?.type !== 'file') return null;
  const stamp = result.trashedTo.split('/')[1] ?? '';
  return {
    id: versionId(t.side, result.trashedTo), key: toKey(t.path, caseInsensitive), path: t.path, side: t.side,
    trashPath: result.trashedTo, stamp, ts: at.toISOString(), size: t.was.size, mtimeMs: t.was.mtimeMs,
    reason: t.reason, run, rule: result.action.ruleId,
  };
}

/**
 * VersionRecorder collects the versions an executor run makes and appends them to the index in batches:
 * one write per batch, not per file, and whatever is left when the run ends.
 */
export class VersionRecorder {
  private pending: CatalogEntry[] = [];

  private warned = false;

  constructor(
    private readonly stateDir: string, private readonly caseInsensitive: boolean, private readonly log: Logger,
    private readonly batch = 256,
  ) {}

  add(result: ActionResult): void {
    const entry = catalogEntryOf(result, this.caseInsensitive, new Date(), this.log.runId() ?? null);
    if (!entry) return;
    this.pending.push(entry);
    if (this.pending.length >= this.batch) this.flush();
  }

  flush(): void {
    const entries = this.pending;
    this.pending = [];
    try {
      appendEntries(this.stateDir, entries);
    } catch (err) {
      // The versions are in the trash all the same; only `syncwarden versions` will not list them.
      if (!this.warned) this.log.warn(`could not index ${entries.length} version(s) in ${this.stateDir}: ${(err as Error).message}`);
      this.warned = true;
    }
  }
}
