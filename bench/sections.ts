import { hashSection } from './hash.js';
import { scanSection } from './scan.js';
import type { BenchSection } from './types.js';

/** SECTIONS is every bench section, in run order; a new one (sync, planning, bursts) is one more line here. */
export const SECTIONS: readonly BenchSection[] = [scanSection, hashSection];
