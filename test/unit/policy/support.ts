import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../../src/config/config.js';
import { resolveConfig } from '../../../src/config/load.js';
import { projectRoot } from '../../../src/config/project.js';
import type { FactType, PathFact, PolicyFacts, SideState } from '../../../src/model/fact.js';

/** SHIPPED_POLICIES is the folder holding policies/default.json5. */
export const SHIPPED_POLICIES = join(projectRoot(), 'policies');

/** testConfig resolves a config whose policies live in `dir`, with optional overrides. */
export function testConfig(dir: string, over: Record<string, unknown> = {}): Config {
  return resolveConfig({ left: '/tmp/sw-left', right: '/tmp/sw-right', policies: { dir }, ...over }, '/tmp/sw-config.json5');
}

const ABSENT: readonly SideState[] = ['absent', 'deleted'];

/**
 * facts builds consistent policy facts from the two states; types default to file (none when absent or
 * deleted) and dependent facts are derived, so a row only names what it is about.
 */
export function facts(left: SideState, right: SideState, extra: Partial<PolicyFacts> = {}): PolicyFacts {
  const leftType: FactType = extra.leftType ?? (ABSENT.includes(left) ? 'none' : 'file');
  const rightType: FactType = extra.rightType ?? (ABSENT.includes(right) ? 'none' : 'file');
  const both = leftType !== 'none' && rightType !== 'none';
  return {
    left, right, leftType, rightType,
    typeClash: both && leftType !== rightType,
    sameContent: false,
    sameProps: both,
    sameNameAndMode: both,
    newer: 'same',
    isLarge: false,
    firstSync: left === 'absent' || left === 'created',
    moved: 'none',
    bothChanged: 'option1',
    bothCreated: 'option1',
    bothPropsChanged: 'option1',
    ...extra,
  };
}

/** pathFact wraps facts into a PathFact for `key`. */
export function pathFact(key: string, policyFacts: PolicyFacts): PathFact {
  return { key, facts: policyFacts, scope: '' };
}

/** writePolicy writes one policy file (JSON is JSON5) into a folder. */
export function writePolicy(dir: string, name: string, policy: unknown): void {
  writeFileSync(join(dir, name), typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2));
}

/** rule builds a policy rule from a compact form: `{ left: 'deleted' }` becomes an all-of equal tests. */
export function rule(name: string, priority: number, when: Partial<Record<keyof PolicyFacts, unknown>>, type: string, params: Record<string, unknown> = {}): unknown {
  const all = Object.entries(when).map(([fact, value]) => ({ fact, operator: Array.isArray(value) ? 'in' : 'equal', value }));
  return { name, description: name, priority, conditions: { all }, event: { type, params } };
}
