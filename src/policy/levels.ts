import type { FieldError } from '../model/errors.js';
import {
  compareSpecificity, compileScope, exampleKey, matchesKey, normaliseScope, specificityOf, UNSCOPED_SPECIFICITY,
} from './scope-glob.js';
import { UNSCOPED, type ConflictOptions, type PolicyFile, type ScopeLevel } from './types.js';

/**
 * buildLevels groups policy files by normalised scope (files without a scope form one level), orders
 * the levels from most to least specific, and reports what makes precedence ambiguous: two files of one
 * level fixing a conflict option differently, or two equally specific scopes that provably overlap.
 */
export function buildLevels(files: PolicyFile[], caseInsensitive: boolean): { levels: ScopeLevel[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byId = new Map<string, ScopeLevel>();
  for (const file of files) {
    const id = file.scope === null ? UNSCOPED : normaliseScope(file.scope, caseInsensitive);
    let level = byId.get(id);
    if (!level) {
      const specificity = file.scope === null ? UNSCOPED_SPECIFICITY : specificityOf(id);
      level = { id, scope: file.scope, specificity, files: [], conflicts: {} };
      byId.set(id, level);
    }
    mergeConflicts(level, file, errors);
    mergeMovesOut(level, file, errors);
    level.files.push(file);
  }
  const levels = [...byId.values()].sort((a, b) => compareSpecificity(a.specificity, b.specificity) || a.id.localeCompare(b.id));
  errors.push(...overlapErrors(levels, caseInsensitive));
  return { levels, errors };
}

function mergeConflicts(level: ScopeLevel, file: PolicyFile, errors: FieldError[]): void {
  for (const [option, value] of Object.entries(file.conflicts) as [keyof ConflictOptions, string][]) {
    const set = level.conflicts[option];
    if (set !== undefined && set !== value) {
      const other = level.files.find((f) => f.conflicts[option] !== undefined)!;
      errors.push({
        file: file.file,
        field: `conflicts.${option}`,
        expected: `${JSON.stringify(set)}, as ${other.name} sets for the same scope (${level.id})`,
        found: JSON.stringify(value),
      });
      continue;
    }
    (level.conflicts as Record<string, string>)[option] = value;
  }
}

function mergeMovesOut(level: ScopeLevel, file: PolicyFile, errors: FieldError[]): void {
  if (file.movesOut === undefined) return;
  if (level.movesOut !== undefined && level.movesOut !== file.movesOut) {
    const other = level.files.find((f) => f.movesOut !== undefined)!;
    errors.push({ file: file.file, field: 'movesOut', expected: `${JSON.stringify(level.movesOut)}, as ${other.name} sets for the same scope (${level.id})`, found: JSON.stringify(file.movesOut) });
    return;
  }
  level.movesOut = file.movesOut;
}

// Overlap is undecidable for globs in general; this finds it when one scope's example key (wildcards
// instantiated) falls in the other. Undetected cases surface per path as a policyTie problem.
function overlapErrors(levels: ScopeLevel[], caseInsensitive: boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (let i = 0; i < levels.length; i++) {
    for (let j = i + 1; j < levels.length; j++) {
      const [a, b] = [levels[i], levels[j]];
      if (a.scope === null || b.scope === null || compareSpecificity(a.specificity, b.specificity) !== 0) continue;
      const shared = sharedExample(a.id, b.id, caseInsensitive);
      if (shared === null) continue;
      errors.push({
        file: b.files[0].file,
        field: 'scope',
        expected: `a scope more or less specific than "${a.scope}" (${a.files[0].name}): both match "${shared}" and neither wins`,
        found: JSON.stringify(b.scope),
      });
    }
  }
  return errors;
}

function sharedExample(a: string, b: string, caseInsensitive: boolean): string | null {
  const [ma, mb] = [compileScope(a, caseInsensitive), compileScope(b, caseInsensitive)];
  for (const glob of [a, b]) {
    const example = exampleKey(glob);
    if (example === null) continue;
    for (const key of [example, `${example}/x`]) if (matchesKey(ma, key) && matchesKey(mb, key)) return key;
  }
  return null;
}
