import { FACT_NAMES, SIDE_STATES, type PolicyFacts } from '../model/fact.js';
import type { FactName } from './types.js';

const BOOL = [true, false] as const;
const TYPES = ['file', 'dir', 'none'] as const;
const OPTIONS = ['option1', 'option2', 'option3'] as const;

/** FACT_DOMAINS lists every value each policy fact can take; conditions may only compare against these. */
export const FACT_DOMAINS: { readonly [F in FactName]: readonly PolicyFacts[F][] } = {
  left: SIDE_STATES,
  right: SIDE_STATES,
  leftType: TYPES,
  rightType: TYPES,
  typeClash: BOOL,
  sameContent: BOOL,
  sameProps: BOOL,
  sameNameAndMode: BOOL,
  newer: ['left', 'right', 'same'],
  isLarge: BOOL,
  firstSync: BOOL,
  moved: ['none', 'left', 'right'],
  bothChanged: OPTIONS,
  bothCreated: ['option1', 'option2'],
  bothPropsChanged: OPTIONS,
};

const DOMAIN_LISTS = FACT_NAMES.map((name) => FACT_DOMAINS[name] as readonly unknown[]);

/**
 * factsCode numbers a fact combination (mixed radix over the domains, in FACT_NAMES order): equal codes
 * mean the rules see equal input. With `read`, facts outside it do not count, which is sound for rules
 * that read only those facts. -1 when any fact is missing or outside its domain. A number rather than
 * a string because 90k keys are looked up per pass.
 */
export function factsCode(facts: PolicyFacts, read?: readonly boolean[]): number {
  let code = 0;
  for (let i = 0; i < FACT_NAMES.length; i++) {
    const domain = DOMAIN_LISTS[i];
    const index = domain.indexOf(facts[FACT_NAMES[i]]);
    if (index < 0) return -1;
    if (!read || read[i]) code = code * domain.length + index;
  }
  return code;
}

/** readMask turns a set of fact names into the flags factsCode takes. */
export function readMask(read: Iterable<FactName>): boolean[] {
  const names = new Set(read);
  return FACT_NAMES.map((name) => names.has(name));
}

/** factsOutOfDomain names the facts that are missing or hold a value outside their domain ('' when all are fine). */
export function factsOutOfDomain(facts: PolicyFacts): string {
  const bad: string[] = [];
  for (const name of FACT_NAMES) {
    const value = facts[name];
    if (!(FACT_DOMAINS[name] as readonly unknown[]).includes(value)) bad.push(`${name}=${JSON.stringify(value)}`);
  }
  return bad.join(', ');
}

/** describeFacts renders facts as `left=modified right=unchanged …` for messages. */
export function describeFacts(facts: PolicyFacts): string {
  return FACT_NAMES.map((name) => `${name}=${String(facts[name])}`).join(' ');
}
