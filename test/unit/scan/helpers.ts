import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Problem } from '../../../src/model/problem.js';
import { ignoreSpecOf } from '../../../src/scan/ignore.js';
import type { ScanOptions } from '../../../src/scan/scanner.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

export type TreeLiteral = { [name: string]: string | TreeLiteral };

/** write puts a tree literal on disk: a string is a file's content, an object a folder. */
export function write(root: string, tree: TreeLiteral): void {
  mkdirSync(root, { recursive: true });
  for (const [name, value] of Object.entries(tree)) {
    if (typeof value === 'string') writeFileSync(join(root, name), value);
    else write(join(root, name), value);
  }
}

/** options builds one root's scan options with the default ignore list plus `patterns`. */
export function options(root: string, extra: Partial<ScanOptions> & { ignore?: never } = {}, ci = true, patterns: string[] = []): ScanOptions {
  const ignore = ignoreSpecOf({ ignore: patterns, ignoreDefaults: true, caseInsensitive: ci, softDelete: { folder: '.sync_trash' } as never });
  return { side: 'left', root, caseInsensitive: ci, ignore, ...extra };
}

/** withTmp runs `fn` in a fresh marked temp folder and always removes it. */
export async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-scan-');
  try {
    await fn(dir);
  } finally {
    removeTmp(dir);
  }
}


/** readable tells whether a folder can be listed (a file counts as present). */
export function readable(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOTDIR';
  }
}

/** unprivilegedUid is the uid to drop to when running as root, where chmod 000 denies nothing. */
export function unprivilegedUid(): number | undefined {
  return process.getuid?.() === 0 ? 65534 : undefined;
}

/** ChildScan is what a scan in a child process reports. */
export interface ChildScan {
  keys?: string[];
  problems?: Problem[];
  incomplete?: string[];
  error?: string;
  reason?: string;
}

const CHILD = `
const { scanSide } = await import(process.argv[2]);
try {
  const r = await scanSide(JSON.parse(process.argv[3]));
  console.log(JSON.stringify({ keys: [...r.tree.keys()], problems: r.problems, incomplete: r.incomplete }));
} catch (err) {
  console.log(JSON.stringify({ error: err.name, reason: err.reason, message: err.message }));
}`;

/** scanInChild runs scanSide in a fresh Node process, optionally as another user; from tsx (tests run from source) the child loads tsx too. */
export function scanInChild(opts: ScanOptions, uid: number | undefined): Promise<ChildScan> {
  const fromSource = import.meta.url.endsWith('.ts');
  const scanner = new URL(`../../../src/scan/scanner.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
  // A script file, not --eval: the scan worker inherits execArgv, and --input-type would break it.
  const script = join(dirname(opts.root), 'scan-child.mjs');
  writeFileSync(script, CHILD);
  const args = [...(fromSource ? ['--import', import.meta.resolve('tsx')] : []), script, scanner, JSON.stringify(opts)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { uid, gid: uid, cwd: tmpdir() }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as ChildScan);
    });
  });
}
