import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { caseInsensitive, ntfsFold } from '../ports/case-insensitive-fs.js';
import { nodeFs } from '../ports/node-fs.js';
import type { Scenario } from './format.js';
import type { Pass } from './passes.js';
import type { Side } from '../model/side.js';
import type { FsPort } from '../ports/fs.js';

/**
 * FsVariant is how a scenario's passes reach the disk: `native` as `syncwarden sync` does, or through the
 * case-insensitive port (Windows/NTFS name semantics: case-insensitive lookups, kept spelling), so the scan,
 * hashing, temp sweep, trash purge and executor all meet Windows semantics on a Linux disk.
 */
export type FsVariant = 'native' | 'caseInsensitive';

/** FS_VARIANTS are the variants `npm test` runs every scenario in. */
export const FS_VARIANTS: readonly FsVariant[] = ['native', 'caseInsensitive'];

/** passThrough makes every pass of a scenario go through the variant's port. */
export function passThrough(run: Pass, variant: FsVariant): Pass {
  const fs = variantFs(variant);
  if (!fs) return run;
  return (config, opts = {}) => run(config, { ...opts, fs });
}

/** variantFs is each root's port in a variant (undefined: the native disk). */
export function variantFs(variant: FsVariant): Record<Side, FsPort> | undefined {
  if (variant === 'native') return undefined;
  const fs = caseInsensitive(nodeFs());
  return { left: fs, right: fs };
}

/** pendingIn is the scenario's `pending` in a variant: a pending scenario is pending in both. */
export function pendingIn(scenario: Scenario, variant: FsVariant): boolean | string {
  if (scenario.pending || variant === 'native') return scenario.pending;
  return scenario.caseInsensitiveFs?.pending ?? false;
}

/** skipIn is why a scenario does not run in a variant, if it does not. */
export function skipIn(scenario: Scenario, variant: FsVariant): string | undefined {
  const skip = variant === 'caseInsensitive' ? scenario.caseInsensitiveFs?.skip : undefined;
  return skip ? `case-insensitive fs: ${skip}` : undefined;
}

/**
 * ntfsImpossible lists the folders under `root` that hold two names NTFS would take for one (they differ only in
 * case): the scenario's setup wrote them straight to the case-sensitive disk, and no Windows disk can hold
 * them, so what the pass does with them says nothing about Windows.
 */
export function ntfsImpossible(root: string): string[] {
  const found: string[] = [];
  const walk = (abs: string, rel: string) => {
    const seen = new Map<string, string>();
    for (const name of readdirSync(abs).sort()) {
      const first = seen.get(ntfsFold(name));
      if (first !== undefined) found.push(`${rel}${first} and ${rel}${name}`);
      seen.set(ntfsFold(name), name);
      if (lstatSync(join(abs, name)).isDirectory()) walk(join(abs, name), `${rel}${name}/`);
    }
  };
  if (existsSync(root)) walk(root, '');
  return found;
}
