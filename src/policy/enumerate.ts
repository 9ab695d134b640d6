import { type FactType, type PolicyFacts, type SideState } from '../model/fact.js';
import { FACT_DOMAINS, factsCode, readMask } from './domains.js';
import type { ConflictOptions, FactName } from './types.js';

type SideVariant = readonly [SideState, FactType];

// A base record exists for both sides or for neither, so the sides come from one group. A folder is
// `modified` only when it replaced a file (facts/derive compares the type with the base first).
const WITHOUT_BASE: readonly SideVariant[] = [['absent', 'none'], ['created', 'file'], ['created', 'dir']];
const WITH_BASE: readonly SideVariant[] = [
  ['unchanged', 'file'], ['unchanged', 'dir'], ['modified', 'file'], ['modified', 'dir'],
  ['propsChanged', 'file'], ['propsChanged', 'dir'], ['deleted', 'none'],
];

/**
 * consistentFacts enumerates every combination of policy facts that facts/derive can produce, with the
 * conflict options in `fixed` held and the others taking every value. Dependent facts are derived, not
 * enumerated: absent/deleted ⇒ type none; firstSync ⇔ no base; typeClash ⇔ both present with different
 * types; sameContent only for two present entries of one type and always for two folders (a folder has no
 * content of its own); sameProps, sameNameAndMode and newer only when both are present with one type, sameProps
 * implying sameNameAndMode (for two files: sameProps ⇔ sameNameAndMode and newer `same`); isLarge only with a file present;
 * moved names a side only for a path created there and absent on the other (facts/moves pairs it with the
 * path it left).
 */
export function consistentFacts(fixed: Partial<ConflictOptions> = {}): PolicyFacts[] {
  const out: PolicyFacts[] = [];
  const options = optionCombos(fixed);
  for (const [group, firstSync] of [[WITHOUT_BASE, true], [WITH_BASE, false]] as const) {
    for (const [left, leftType] of group) {
      for (const [right, rightType] of group) {
        if (leftType === 'none' && rightType === 'none' && left === 'absent' && right === 'absent') continue;
        for (const moved of movedValues(left, right)) {
          const base = { left, right, leftType, rightType, firstSync, moved };
          for (const pair of pairFacts(leftType, rightType)) for (const o of options) out.push({ ...base, ...pair, ...o });
        }
      }
    }
  }
  return out;
}

function movedValues(left: SideState, right: SideState): PolicyFacts['moved'][] {
  const out: PolicyFacts['moved'][] = ['none'];
  if (left === 'created' && right === 'absent') out.push('left');
  if (right === 'created' && left === 'absent') out.push('right');
  return out;
}

type PairFacts = Pick<PolicyFacts, 'typeClash' | 'sameContent' | 'sameProps' | 'sameNameAndMode' | 'newer' | 'isLarge'>;

function pairFacts(leftType: FactType, rightType: FactType): PairFacts[] {
  const both = leftType !== 'none' && rightType !== 'none';
  const typeClash = both && leftType !== rightType;
  const oneType = both && !typeClash;
  const contents = !oneType ? [false] : leftType === 'dir' ? [true] : [true, false];
  const names = oneType ? [true, false] : [false];
  const newers = both ? FACT_DOMAINS.newer : (['same'] as const);
  const larges = leftType === 'file' || rightType === 'file' ? [true, false] : [false];
  const out: PairFacts[] = [];
  for (const sameContent of contents) {
    for (const sameNameAndMode of names) {
      for (const newer of newers) {
        // A folder's mtime is not one of its properties; a file's is, within the tolerance `newer` uses too.
        const sameProps = sameNameAndMode && (leftType === 'dir' || newer === 'same');
        for (const isLarge of larges) out.push({ typeClash, sameContent, sameProps, sameNameAndMode, newer, isLarge });
      }
    }
  }
  return out;
}

function optionCombos(fixed: Partial<ConflictOptions>): ConflictOptions[] {
  const out: ConflictOptions[] = [];
  for (const bothChanged of fixed.bothChanged ? [fixed.bothChanged] : FACT_DOMAINS.bothChanged) {
    for (const bothCreated of fixed.bothCreated ? [fixed.bothCreated] : FACT_DOMAINS.bothCreated) {
      for (const bothPropsChanged of fixed.bothPropsChanged ? [fixed.bothPropsChanged] : FACT_DOMAINS.bothPropsChanged) {
        out.push({ bothChanged, bothCreated, bothPropsChanged });
      }
    }
  }
  return out;
}

/**
 * classesOn groups combinations by their values on the facts in `read`: one class per distinct
 * projection, in first-seen order. Sound for rules that read only those facts: a condition cannot tell
 * apart combinations of one class, so evaluating its first member decides them all.
 */
export function classesOn(all: readonly PolicyFacts[], read: ReadonlySet<FactName>): PolicyFacts[][] {
  const mask = readMask(read);
  const classes = new Map<number, PolicyFacts[]>();
  for (const facts of all) {
    const key = factsCode(facts, mask);
    const members = classes.get(key);
    if (members) members.push(facts);
    else classes.set(key, [facts]);
  }
  return [...classes.values()];
}
