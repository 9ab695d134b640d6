import type { Key } from './key.js';

/** Decision is the winning policy event for one path: a registered action name, its params, and provenance. */
export interface Decision {
  key: Key;
  /** Name of a registered plan action (plan/expand registry), e.g. `copy`, `keepBoth`, `inSync`. */
  action: string;
  params: Record<string, unknown>;
  /** `<policy file>#<rule name>` */
  ruleId: string;
  /** Set when the rule is a conflict rule (`bothChanged`, `bothCreated`, `bothPropsChanged`, `typeClash`). */
  conflict?: string;
}
