import parser from 'cron-parser';
import schedule, { type Job } from 'node-schedule';
import type { Config } from '../config/config.js';
import { InputError, type FieldError } from '../model/errors.js';

/** PURGE_CRON is when the service purges old trash (daily, at night); it also purges at start. */
export const PURGE_CRON = '17 3 * * *';

type Transfer = Config['transfer'];

/** checkCrons refuses a config whose cron expressions do not parse (exit 2, naming the field). */
export function checkCrons(config: Config): void {
  const errors: FieldError[] = [];
  const check = (field: string, cron: string) => {
    try {
      parser.parseExpression(cron);
    } catch (err) {
      errors.push({ file: config.file || '(config)', field, expected: `a cron expression (minute hour day month weekday): ${(err as Error).message}`, found: JSON.stringify(cron) });
    }
  };
  check('scan.fullRescanCron', config.scan.fullRescanCron);
  config.transfer.schedules.forEach((s, i) => check(`transfer.schedules[${i}].cron`, s.cron));
  if (errors.length) throw new InputError(errors);
}

/**
 * bandwidthAt is the bandwidth limit in force at `now`: that of the schedule window (a cron start plus `hours`)
 * begun most recently and still open, else `transfer.maxBytesPerSecond`. 0 means unlimited.
 */
export function bandwidthAt(transfer: Transfer, now: Date): number {
  const open = openWindows(transfer, now);
  return open.length ? open.reduce((a, b) => (b.start > a.start ? b : a)).rate : transfer.maxBytesPerSecond;
}

/** nextWindowEnd is when the first open bandwidth window closes (ms since the epoch), or null when none is open. */
export function nextWindowEnd(transfer: Transfer, now: Date): number | null {
  const ends = openWindows(transfer, now).map((w) => w.end);
  return ends.length ? Math.min(...ends) : null;
}

function openWindows(transfer: Transfer, now: Date): { start: number; end: number; rate: number }[] {
  const out = [];
  for (const s of transfer.schedules) {
    // Just past now, so a window starting this very second counts as started.
    const start = parser.parseExpression(s.cron, { currentDate: new Date(now.getTime() + 1000) }).prev().getTime();
    const end = start + s.hours * 3_600_000;
    if (now.getTime() < end) out.push({ start, end, rate: s.maxBytesPerSecond });
  }
  return out;
}

export interface ScheduleHandlers {
  fullRescan: () => void;
  purge: () => void;
  /** The bandwidth limit changed (a schedule window opened or closed). */
  rate: (bytesPerSecond: number) => void;
}

/** Schedules are the service's timed jobs (node-schedule); stop cancels them all. */
export interface Schedules {
  stop(): void;
}

/** startSchedules arms the full rescan, the nightly trash purge and the bandwidth windows, and sets today's limit. */
export function startSchedules(config: Config, on: ScheduleHandlers): Schedules {
  const jobs: Job[] = [];
  let end: NodeJS.Timeout | undefined;
  // Each window's start (a cron job) and end (a timer) re-evaluate: another may still be open, or the default returns.
  const rate = () => {
    const now = new Date();
    on.rate(bandwidthAt(config.transfer, now));
    clearTimeout(end);
    const next = nextWindowEnd(config.transfer, now);
    // Capped: a timer longer than ~24.8 days would fire at once; an early one just re-arms.
    if (next !== null) end = setTimeout(rate, Math.min(next - now.getTime() + 50, 2 ** 31 - 1));
  };
  jobs.push(schedule.scheduleJob(config.scan.fullRescanCron, () => on.fullRescan()));
  jobs.push(schedule.scheduleJob(PURGE_CRON, () => on.purge()));
  for (const s of config.transfer.schedules) jobs.push(schedule.scheduleJob(s.cron, rate));
  rate();
  return {
    stop() {
      for (const job of jobs) job?.cancel();
      clearTimeout(end);
    },
  };
}
