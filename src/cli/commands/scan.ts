import { scanSummary, type ScanSummary, type SideCounts } from '../../app/scan.js';
import { loadConfig } from '../../config/load.js';
import { warmScanWorkers } from '../../scan/scanner.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit.js';

/** scanCommand prints a dry scan summary of both roots (`--json`: one JSON object); it changes nothing. */
export async function scanCommand(ctx: CliContext): Promise<number> {
  warmScanWorkers();
  const config = loadConfig(ctx.configFile);
  const summary = await scanSummary(config);
  ctx.out(ctx.options.json ? `${JSON.stringify(summary)}\n` : renderSummary(summary));
  return EXIT.ok;
}

/** renderSummary lays the summary out as a small table for a person. */
export function renderSummary(s: ScanSummary): string {
  const head = ['', 'left', 'right', 'only left', 'only right', 'both'];
  const row = (name: string, c: SideCounts) => [name, c.left, c.right, c.onlyLeft, c.onlyRight, c.both].map(String);
  const rows = [head, row('files', s.files), row('folders', s.folders)];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = [`left:  ${s.left}`, `right: ${s.right}`, ''];
  for (const r of rows) lines.push(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  if (s.typeClashes) lines.push(`file on one side, folder on the other: ${s.typeClashes}`);
  lines.push(`problems: ${s.problems.count}`);
  for (const p of s.problems.first) lines.push(`  ${p.side ?? ''} ${p.code} ${p.path}: ${p.message}`);
  if (s.problems.count > s.problems.first.length) lines.push(`  … and ${s.problems.count - s.problems.first.length} more`);
  lines.push(`time: ${seconds(s.ms.total)} (left ${seconds(s.ms.left)}, right ${seconds(s.ms.right)})`);
  return `${lines.join('\n')}\n`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
