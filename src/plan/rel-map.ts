import type { Tree } from '../model/entry.js';
import { toKey } from '../model/key.js';

/**
 * relOnSide spells a relative path as it should be written on a target side: the folders the target
 * already has keep the target's spelling (they may differ in case or Unicode form), the rest keep the source's.
 */
export function relOnSide(srcRel: string, target: Tree, caseInsensitive: boolean): string {
  const slash = srcRel.lastIndexOf('/');
  if (slash < 0) return srcRel;
  const parentRel = srcRel.slice(0, slash);
  const name = srcRel.slice(slash + 1);
  const parent = target.get(toKey(parentRel, caseInsensitive));
  if (parent) return `${parent.rel}/${name}`;
  return `${relOnSide(parentRel, target, caseInsensitive)}/${name}`;
}

/** baseName returns the last segment of a '/'-separated relative path. */
export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** withName replaces the last segment of `rel` by `name`. */
export function withName(rel: string, name: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? name : `${rel.slice(0, slash + 1)}${name}`;
}
