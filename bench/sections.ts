import { hashSection } from './hash.js';
import { planSection } from './plan.js';
import { scanSection } from './scan.js';
import { serviceSection } from './service.js';
import { syncBurstSection } from './sync-burst.js';
import { syncInitialSection } from './sync-initial.js';
import { syncNochangeSection } from './sync-nochange.js';
import type { BenchSection } from './types.js';

/** SECTIONS is every bench section, in run order; a new one (sync, planning, bursts) is one more line here. */
export const SECTIONS: readonly BenchSection[] = [scanSection, hashSection, syncInitialSection, syncNochangeSection, syncBurstSection, planSection, serviceSection];
