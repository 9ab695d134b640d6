import { failureCause } from '../app/audit.js';
import { readIncidents, type Incidents, type StopRecord } from '../app/incidents.js';
import { localTime } from '../text/units.js';

/** IncidentStatus is the part of `status` about trouble: the last safety stop and the last pass's failures. */
export interface IncidentStatus {
  lastStop: StopRecord | null;
  stopsSince: number;
  lastFailures: Incidents['failures'];
}

const SHOWN = 5;

/** incidentStatus reads the recorded stops and failures; `since` (epoch ms) bounds the stop count. */
export function incidentStatus(stateDir: string, since: number): IncidentStatus {
  const { stops, failures } = readIncidents(stateDir);
  return { lastStop: stops.at(-1) ?? null, stopsSince: stops.filter((s) => Date.parse(s.at) >= since).length, lastFailures: failures };
}

/** renderIncidentStatus writes the stop and failure lines of `status`; `lastRunEnd` tells whether passes ran since. */
export function renderIncidentStatus(s: Pick<IncidentStatus, 'lastStop' | 'lastFailures'>, lastRunEnd: string | undefined): string[] {
  const lines: string[] = [];
  const later = (at: string) => (lastRunEnd !== undefined && lastRunEnd > at ? '; a pass has run since' : '');
  if (s.lastStop) {
    const stop = s.lastStop;
    lines.push(`last safety stop: ${localTime(stop.at)}: ${stop.reason}${stop.side ? ` (${stop.side})` : ''}: ${stop.message}${later(stop.at)}`);
  } else {
    lines.push('last safety stop: none recorded');
  }
  const f = s.lastFailures;
  if (!f) return [...lines, 'last failures: none recorded'];
  lines.push(`last failures: ${f.count} in the pass of ${localTime(f.at)}${later(f.at)} (syncwarden history --failed)`);
  for (const item of f.items.slice(0, SHOWN)) {
    lines.push(`  ${[item.action, item.side, item.path].filter(Boolean).join(' ')}: ${failureCause(item.code, item.message)}`);
  }
  if (f.count > SHOWN) lines.push(`  … and ${f.count - SHOWN} more`);
  return lines;
}
