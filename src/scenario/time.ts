/**
 * Scenario time. Every scenario runs with TZ=UTC (set by useScenarioTimeZone before any Date use), so the
 * local-time stamps in clash names are literal in scenario files, on any machine.
 */

/** EPOCH is the scenario epoch, 2026-11-25T04:12:00 UTC: files without an mtime get it; '+1h' counts from it. */
export const EPOCH = Date.UTC(2026, 10, 25, 4, 12, 0);

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
const RELATIVE = /^([+-])(\d+)(d|h|m|s)$/;
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** TIME_EXPECTED says what a scenario time may look like, for error messages. */
export const TIME_EXPECTED = "a time: '+90s', '-2m', '+1h' or '+1d' from the scenario epoch, or a UTC time 'YYYY-MM-DDTHH:MM[:SS]'";

/** parseTime turns a scenario time into epoch milliseconds, or undefined when it is not one. */
export function parseTime(text: string): number | undefined {
  const rel = RELATIVE.exec(text);
  if (rel) return EPOCH + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * UNIT_MS[rel[3] as keyof typeof UNIT_MS];
  const abs = ABSOLUTE.exec(text);
  if (!abs) return undefined;
  const [y, mo, d, h, mi, s] = abs.slice(1).map((part) => Number(part ?? 0));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2026-02-30 over into March; a time that does not round-trip is a typo.
  return new Date(ms).toISOString().startsWith(text.length === 16 ? `${text}:` : text) ? ms : undefined;
}

/** formatTime writes milliseconds the way a person would in a scenario: relative to the epoch when near it. */
export function formatTime(ms: number): string {
  const delta = Math.round((ms - EPOCH) / 1000) * 1000;
  if (Math.abs(delta) > 400 * UNIT_MS.d) return new Date(ms).toISOString().slice(0, 19);
  const sign = delta < 0 ? '-' : '+';
  const abs = Math.abs(delta);
  for (const unit of ['d', 'h', 'm'] as const) {
    if (abs !== 0 && abs % UNIT_MS[unit] === 0) return `${sign}${abs / UNIT_MS[unit]}${unit}`;
  }
  return `${sign}${abs / 1000}s`;
}

/** sameSecond tells whether two mtimes name the same whole second (scenario times have no finer grain). */
export function sameSecond(a: number, b: number): boolean {
  return Math.round(a / 1000) === Math.round(b / 1000);
}

/** useScenarioTimeZone pins the process to UTC; Node re-reads TZ when it is assigned, so later Dates follow it. */
export function useScenarioTimeZone(): void {
  if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC';
}
