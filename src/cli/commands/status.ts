import { loadConfig } from '../../config/load.js';
import type { RunInfo } from '../../state/types.js';
import { StateStore } from '../../state/store.js';
import { readLastPass } from '../../app/last-pass.js';
import { syncStatus } from '../../app/sync-status.js';
import { mailStatus, renderMailStatus } from '../../notify/mail-status.js';
import type { CliContext } from '../context.js';
import { renderCounts } from '../render.js';
import { incidentStatus, renderIncidentStatus, type IncidentStatus } from '../status-incidents.js';
import { localTime } from '../../text/units.js';
import { plural } from '../../notify/format.js';

const DAY_MS = 86_400_000;

/** statusCommand shows the last run, the last day's totals, the base size, the open conflicts and the outbox. */
export async function statusCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const store = await StateStore.open(config.stateDir, { readOnly: true });
  try {
    const idle = readLastPass(config.stateDir);
    const runs = [...store.runs, ...(idle ? [idle] : [])].sort((a, b) => a.end.localeCompare(b.end));
    const since = Date.now() - DAY_MS;
    const recent = runs.filter((r) => Date.parse(r.end) >= since);
    // Stops come from the incidents file: a root stop happens before a run can be recorded in the state.
    const incidents = incidentStatus(config.stateDir, since);
    const status = {
      left: config.left, right: config.right,
      tracked: store.base.size, firstSyncDone: store.hasBase,
      lastRun: runs.at(-1) ?? null,
      last24h: { runs: recent.length, failedRuns: recent.filter((r) => r.exitCode === 1).length, safetyStops: incidents.stopsSince, counts: total(recent) },
      lastStop: incidents.lastStop, lastFailures: incidents.lastFailures,
      openConflicts: store.openConflicts().map((c) => ({ key: c.key, path: c.left.rel ?? c.right.rel ?? c.key, rule: c.rule, since: c.firstSeen })),
      recovered: store.recovered ?? null,
      mail: await mailStatus(config),
    };
    // The first line answers the question (app/sync-status.ts): from the running service when there is one.
    const sync = await syncStatus(config, store, status.lastRun);
    ctx.out(ctx.options.json ? `${JSON.stringify({ ...sync, ...status }, null, 2)}\n` : `${sync.line}\n${configLine(sync.service)}${render(status)}${renderMailStatus(status.mail)}`);
    return 0;
  } finally {
    await store.close();
  }
}

/** configLine is the running service's word on its config (a rejected edit, keys waiting for a restart), if any. */
function configLine(service: Record<string, unknown> | null): string {
  const line = (service?.config as { line?: unknown } | null | undefined)?.line;
  return typeof line === 'string' ? `${line}\n` : '';
}

function total(runs: RunInfo[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.counts)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

type Shown = Pick<IncidentStatus, 'lastStop' | 'lastFailures'> & { tracked: number; firstSyncDone: boolean; lastRun: RunInfo | null; last24h: { runs: number; failedRuns: number; safetyStops: number; counts: Record<string, number> }; openConflicts: { path: string }[]; left: string; right: string };

function render(s: Shown): string {
  const last = s.lastRun
    ? `${localTime(s.lastRun.end)} (exit ${s.lastRun.exitCode}${s.lastRun.exitCode === 3 ? ': safety stop' : s.lastRun.exitCode === 1 ? ': some actions failed' : ''})`
    : 'never';
  return [
    `left:  ${s.left}`, `right: ${s.right}`,
    `paths in sync: ${s.tracked}${s.firstSyncDone ? '' : ' (first sync not completed yet)'}`,
    `last run: ${last}`,
    `last 24 h: ${plural(s.last24h.runs, 'run')}, ${s.last24h.failedRuns} with failures, ${plural(s.last24h.safetyStops, 'safety stop')}`,
    renderCounts(s.last24h.counts).trimEnd(),
    ...renderIncidentStatus(s, s.lastRun?.end),
    `open conflicts: ${s.openConflicts.length}${s.openConflicts.length ? ` (${s.openConflicts.slice(0, 5).map((c) => c.path).join(', ')}${s.openConflicts.length > 5 ? ', …' : ''}; see syncwarden conflicts)` : ''}`,
  ].join('\n') + '\n';
}
