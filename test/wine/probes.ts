import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCreateCommand } from '../../src/ports/event-log.js';
import { winPath, type Wine } from './wine.js';

/** ProbeResult is what a probe saw: whether Wine shows the limit, and the evidence in words. */
export interface ProbeResult {
  limited: boolean;
  evidence: string;
}

/**
 * PROBES are tiny scripts that show one known limit of Wine (not of syncwarden, not of Windows): each prints
 * {limited, evidence} as JSON. On Windows both would print limited: false.
 */
export const PROBES = {
  /** NTFS changes a name's case on rename; Wine's rename to a case variant of the same name leaves it as it was. */
  caseOnlyRename: `
    const fs = require('fs'), path = require('path'), os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-case-'));
    fs.writeFileSync(path.join(dir, 'report.txt'), 'r');
    fs.renameSync(path.join(dir, 'report.txt'), path.join(dir, 'Report.txt'));
    const names = fs.readdirSync(dir);
    fs.rmSync(dir, { recursive: true });
    console.log(JSON.stringify({ limited: names.includes('report.txt'),
      evidence: 'renameSync(report.txt, Report.txt) returned, then the folder lists ' + JSON.stringify(names) }));`,
  /** ReadDirectoryChangesW with subtree reports changes at any depth; under Wine only the top folder's arrive. */
  recursiveWatch: `
    const fs = require('fs'), path = require('path'), os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-watch-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    const seen = new Set();
    const watcher = fs.watch(dir, { recursive: true }, (event, name) => seen.add(String(name).split(path.sep).join('/')));
    setTimeout(() => { fs.writeFileSync(path.join(dir, 'top.txt'), 't'); fs.writeFileSync(path.join(dir, 'sub', 'deep.txt'), 'd'); }, 500);
    setTimeout(() => {
      watcher.close();
      fs.rmSync(dir, { recursive: true });
      const names = [...seen].sort();
      console.log(JSON.stringify({ limited: names.includes('top.txt') && !names.includes('sub/deep.txt'),
        evidence: 'wrote top.txt and sub/deep.txt under fs.watch(dir, {recursive: true}); events named ' + JSON.stringify(names) }));
    }, 4000);`,
  /** Windows ships eventcreate.exe (log.eventLog writes through it); Wine has none, so no Event Log entry can be written. */
  eventCreate: `
    const { spawnSync } = require('child_process'), path = require('path');
    const args = ${JSON.stringify(eventCreateCommand('start', 'syncwarden Wine lane probe').args)};
    const file = path.win32.join(process.env.SystemRoot || 'C:\\\\windows', 'System32', 'eventcreate.exe');
    const r = spawnSync(file, args, { encoding: 'utf8', windowsHide: true });
    const said = r.error ? 'error ' + r.error.code : 'exit ' + r.status + ' ' + JSON.stringify(((r.stdout || '') + (r.stderr || '')).trim());
    console.log(JSON.stringify({ limited: !!r.error || r.status !== 0, evidence: 'ran ' + file + ' ' + args.slice(0, 8).join(' ') + ' /D …: ' + said }));`,
} as const;

/** runProbe writes a probe into `dir` and runs it with the Windows node.exe under Wine. */
export function runProbe(wine: Wine, nodeExe: string, name: keyof typeof PROBES, dir: string): ProbeResult {
  const script = join(dir, `probe-${name}.cjs`);
  writeFileSync(script, PROBES[name]);
  const r = wine.run(nodeExe, [winPath(script)]);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !line.startsWith('{')) throw new Error(`probe ${name} did not answer (exit ${r.code}): ${r.stdout}${r.stderr}`);
  return JSON.parse(line) as ProbeResult;
}
