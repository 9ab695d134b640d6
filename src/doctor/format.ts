import type { CheckResult, Mark } from './types.js';

const MARKS: Record<Mark, string> = { ok: '✓', fail: '✗', warn: '!', skip: '-' };

/** formatBytes renders a size in bytes, or MB / GB of 1,048,576 / 1,073,741,824 bytes as Windows Explorer counts. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** renderChecklist prints one line per check (✓ ✗ ! -), the fix indented under each one that did not pass, and a verdict. */
export function renderChecklist(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARKS[r.mark]} ${r.title}: ${r.detail}`);
    if (r.fix) lines.push(`    fix: ${r.fix}`);
  }
  const count = (m: Mark) => results.filter((r) => r.mark === m).length;
  const failures = count('fail');
  lines.push(failures
    ? `${failures} check(s) failed, ${count('warn')} warning(s)`
    : `all checks passed${count('warn') ? `, ${count('warn')} warning(s)` : ''}`);
  return `${lines.join('\n')}\n`;
}
