/** humanSize writes bytes for a person: `512 B`, `1.5 KB`, `28.6 MB`, `1.2 GB` (units of 1,024, as Explorer counts). */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const { n, unit } = scaled(bytes);
  return `${n >= 100 ? n.toFixed(0) : n.toFixed(1)} ${unit}`;
}

/** scaled divides bytes (at least 1,024) by 1,024 until below it, up to TB: the number and its unit. */
export function scaled(bytes: number): { n: number; unit: string } {
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return { n, unit: units[i] };
}

/**
 * localTime writes a time as local `YYYY-MM-DD HH:MM:SS ±HH:MM`: the office reads local times (clash names use
 * them too), and the offset keeps a line unambiguous across a DST change or when read from elsewhere.
 */
export function localTime(time: number | string | Date): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return String(time);
  const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone}`;
}
