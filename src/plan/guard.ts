import type { Action } from '../model/action.js';
import type { BaseRecord } from '../model/base.js';
import type { Tree } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import type { Key } from '../model/key.js';
import { SIDES, type Side } from '../model/side.js';

export interface GuardSettings {
  maxDeletePercent: number;
  maxDeleteCount: number;
  force: boolean;
  /** Share of a side's files (0..1) that may look modified in one pass before the time-shift guard trips. */
  maxModifiedShare?: number;
  /** Sides smaller than this never trip the time-shift guard. */
  minFilesForShift?: number;
}

/** GuardStop is why a pass must not run: machine reason, side, words for a person, and example paths. */
export interface GuardStop {
  reason: 'rootEmpty' | 'tooManyDeletes' | 'massModified' | 'sentinelMissing';
  side: Side;
  message: string;
  examples: string[];
}

/** SideTotals is what a whole side holds now (entries) and held at the last sync (files), whatever the pass looks at. */
export type SideTotals = Record<Side, { present: number; baseFiles: number }>;

/** sideTotals counts both whole listings and the base's files, the measure of every guard (a limited pass included). */
export function sideTotals(trees: Record<Side, Tree>, base: ReadonlyMap<Key, BaseRecord>): SideTotals {
  const baseFiles = countFiles(base);
  return { left: { present: trees.left.size, baseFiles }, right: { present: trees.right.size, baseFiles } };
}

// The state's base counts its files without reading 90k records into objects (state/base-map).
function countFiles(base: ReadonlyMap<Key, BaseRecord> & { fileCount?: () => number }): number {
  if (base.fileCount) return base.fileCount();
  let n = 0;
  for (const rec of base.values()) if (rec.type === 'file') n++;
  return n;
}

/**
 * guardPlan runs the pure safety checks of SPEC §6 over a plan before anything moves; null means go. They are
 * measured against the whole sides (`totals`), never against the paths a limited pass decides: one deleted file
 * of thousands is not "100 %", and a deleted folder is not an empty root.
 */
export function guardPlan(facts: ReadonlyMap<Key, PathFact>, actions: readonly Action[], settings: GuardSettings, totals: SideTotals): GuardStop | null {
  const baseFiles = { left: totals.left.baseFiles, right: totals.right.baseFiles };
  const present = { left: totals.left.present, right: totals.right.present };
  const modified: Record<Side, string[]> = { left: [], right: [] };
  for (const fact of facts.values()) {
    for (const side of SIDES) if (fact.facts[side] === 'modified' && fact[side]?.type === 'file') modified[side].push(fact[side].rel);
  }
  for (const side of SIDES) {
    // A root that held files at the last sync and holds nothing now is an unmounted drive, not a mass delete.
    if (baseFiles[side] > 0 && present[side] === 0) {
      return { reason: 'rootEmpty', side, message: `the ${side} root is empty but held ${baseFiles[side]} files at the last sync (not mounted?)`, examples: [] };
    }
  }
  return deleteStop(actions, baseFiles, settings) ?? shiftStop(modified, present, settings);
}

function deleteStop(actions: readonly Action[], baseFiles: Record<Side, number>, s: GuardSettings): GuardStop | null {
  if (s.force) return null;
  const deletes: Record<Side, string[]> = { left: [], right: [] };
  for (const a of actions) if (a.kind === 'delete') deletes[a.side].push(a.rel);
  for (const side of SIDES) {
    const n = deletes[side].length;
    const pct = baseFiles[side] ? (100 * n) / baseFiles[side] : 0;
    if (n > s.maxDeleteCount || (n > 0 && pct > s.maxDeletePercent)) {
      return {
        reason: 'tooManyDeletes', side, examples: deletes[side].slice(0, 10),
        message: `the pass would delete ${n} of ${baseFiles[side]} files on ${side} (${pct.toFixed(0)}%; limits ${s.maxDeletePercent}% and ${s.maxDeleteCount} files); run with --force if that is intended`,
      };
    }
  }
  return null;
}

function shiftStop(modified: Record<Side, string[]>, present: Record<Side, number>, s: GuardSettings): GuardStop | null {
  if (s.force) return null;
  const share = s.maxModifiedShare ?? 0.9;
  const min = s.minFilesForShift ?? 100;
  for (const side of SIDES) {
    const n = modified[side].length;
    if (present[side] >= min && n > share * present[side]) {
      return {
        reason: 'massModified', side, examples: modified[side].slice(0, 10),
        message: `${n} of ${present[side]} files on ${side} look modified at once (a time-zone or DST mtime shift?); run with --force if that is intended`,
      };
    }
  }
  return null;
}

/** sentinelStop checks that the admin's sentinel file (a key) is on both sides; a missing one means a wrong or unmounted root. */
export function sentinelStop(sentinel: Key | null, present: Record<Side, (key: Key) => boolean>): GuardStop | null {
  if (sentinel === null) return null;
  for (const side of SIDES) {
    if (!present[side](sentinel)) {
      return { reason: 'sentinelMissing', side, examples: [sentinel], message: `the sentinel file ${sentinel} is missing on ${side} (wrong folder, or the drive is not mounted?); create it on both roots to proceed` };
    }
  }
  return null;
}
