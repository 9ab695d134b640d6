// The policy layer's public surface: load and validate policy files, decide paths, explain, prove totality.
export { loadPolicies } from './load.js';
export { Decider, type DecideResult, type DeciderOptions, type Verdict } from './evaluate.js';
export type { Explanation, MatchedRule } from './explain.js';
export { assertTotal, checkTotality, type TieGroup, type TotalityFailure, type TotalityReport } from './totality.js';
export { totalityErrors, type Seed } from './totality-errors.js';
export type { ScopeChain } from './scope.js';
export { UNSCOPED, type PolicyFile, type PolicyRule, type PolicySet, type ScopeLevel } from './types.js';
