import type { ServiceStats } from './stats.js';

/** MetricsInput is what /metrics exposes besides the stats: the live queue, the limit and the state's counts. */
export interface MetricsInput {
  stats: ServiceStats;
  inSync: boolean;
  waiting: number;
  bytesPerSecond: number;
  openConflicts: number;
  tracked: number;
}

/** metricsText renders the service's state in the Prometheus text exposition format (version 0.0.4). */
export function metricsText(m: MetricsInput): string {
  const s = m.stats;
  const out: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [Record<string, string>, number][]) => {
    out.push(`# HELP syncwarden_${name} ${help}`, `# TYPE syncwarden_${name} ${type}`);
    for (const [labels, value] of samples) out.push(`syncwarden_${name}${labelText(labels)} ${value}`);
  };
  const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : 0);
  metric('in_sync', 'gauge', '1 when both roots are in sync (nothing waiting, failed, stopped or in conflict).', [[{}, m.inSync ? 1 : 0]]);
  metric('root_ok', 'gauge', '1 when the root can be listed.', [[{ side: 'left' }, s.roots.left ? 0 : 1], [{ side: 'right' }, s.roots.right ? 0 : 1]]);
  metric('watch_events', 'gauge', '1 when the side is watched by file-system events (0: polled or rescans only).', [[{ side: 'left' }, s.watch.left === 'events' ? 1 : 0], [{ side: 'right' }, s.watch.right === 'events' ? 1 : 0]]);
  metric('watch_setup_seconds', 'gauge', 'How long the watcher took to watch every folder of the side (self-test not included).', [[{ side: 'left' }, s.watchSetupMs.left / 1000], [{ side: 'right' }, s.watchSetupMs.right / 1000]]);
  metric('events_total', 'counter', 'Watcher events received.', [[{ side: 'left' }, s.events.left], [{ side: 'right' }, s.events.right]]);
  metric('backlog_paths', 'gauge', 'Changed paths waiting for the next pass.', [[{}, m.waiting]]);
  metric('backlog_copies', 'gauge', 'Copies of the running pass not yet done.', [[{ lane: 'small' }, s.lanes.small.copies], [{ lane: 'large' }, s.lanes.large.copies]]);
  metric('backlog_bytes', 'gauge', 'Bytes of the copies not yet done.', [[{ lane: 'small' }, s.lanes.small.bytes], [{ lane: 'large' }, s.lanes.large.bytes]]);
  metric('passes_total', 'counter', 'Passes run.', [[{ kind: 'full' }, s.passes.full], [{ kind: 'incremental' }, s.passes.incremental]]);
  metric('actions_total', 'counter', 'Actions done, by kind.', Object.entries(s.actions).filter(([k]) => !k.includes(':')).map(([k, v]) => [{ kind: k }, v]));
  metric('copied_bytes_total', 'counter', 'Bytes copied.', [[{}, s.bytesCopied]]);
  metric('last_pass_timestamp_seconds', 'gauge', 'End of the last pass (Unix time).', [[{}, seconds(s.lastPass?.end)]]);
  metric('last_pass_duration_seconds', 'gauge', 'Duration of the last pass.', [[{}, (s.lastPass?.ms ?? 0) / 1000]]);
  metric('last_event_timestamp_seconds', 'gauge', 'Time of the last watcher event (Unix time).', [[{}, seconds(s.lastEvent)]]);
  metric('open_conflicts', 'gauge', 'Conflicts waiting for a person.', [[{}, m.openConflicts]]);
  metric('tracked_paths', 'gauge', 'Paths in the synced state.', [[{}, m.tracked]]);
  metric('bandwidth_limit_bytes_per_second', 'gauge', 'Bandwidth limit in force (0: unlimited).', [[{}, m.bytesPerSecond]]);
  metric('resident_memory_bytes', 'gauge', 'Resident set size of the service process.', [[{}, process.memoryUsage.rss()]]);
  return `${out.join('\n')}\n`;
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}
