import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Action, ActionResult, CopyAction, DeleteAction, RenameAction } from '../../../src/model/action.js';
import type { Stamp } from '../../../src/model/entry.js';
import { toKey } from '../../../src/model/key.js';
import type { Side } from '../../../src/model/side.js';
import { caseInsensitive } from '../../../src/ports/case-insensitive-fs.js';
import type { FsPort } from '../../../src/ports/fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { executePlan } from '../../../src/execute/executor.js';
import type { ExecContext } from '../../../src/execute/types.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

/** VARIANTS runs each test on the plain disk and with Windows name semantics on top of it. */
export const VARIANTS: { name: string; make: () => FsPort }[] = [
  { name: 'nodeFs', make: () => nodeFs() },
  { name: 'caseInsensitive', make: () => caseInsensitive(nodeFs()) },
];

export const T0 = Date.UTC(2026, 0, 15, 10, 30, 0, 123);

/** Sandbox is two roots in one marked temp folder, with helpers that touch the disk directly. */
export class Sandbox {
  readonly tmp = makeTmp('sw-exec-');
  readonly roots = { left: join(this.tmp, 'left'), right: join(this.tmp, 'right') };
  constructor() {
    mkdirSync(this.roots.left);
    mkdirSync(this.roots.right);
  }
  abs(side: Side, rel: string): string {
    return join(this.roots[side], ...rel.split('/'));
  }
  write(side: Side, rel: string, content: string, mtimeMs = T0, mode = 0o644): void {
    const abs = this.abs(side, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content, { mode });
    utimesSync(abs, (mtimeMs + 0.5) / 1000, (mtimeMs + 0.5) / 1000);
  }
  mkdir(side: Side, rel: string): void {
    mkdirSync(this.abs(side, rel), { recursive: true });
  }
  read(side: Side, rel: string): string | null {
    return existsSync(this.abs(side, rel)) ? readFileSync(this.abs(side, rel), 'utf8') : null;
  }
  names(side: Side, rel = ''): string[] {
    const abs = rel === '' ? this.roots[side] : this.abs(side, rel);
    return existsSync(abs) ? readdirSync(abs).sort() : [];
  }
  stamp(side: Side, rel: string): Stamp {
    const abs = this.abs(side, rel);
    if (!existsSync(abs)) return null;
    const st = statSync(abs);
    return st.isDirectory()
      ? { type: 'dir', size: 0, mtimeMs: Math.floor(st.mtimeMs) }
      : { type: 'file', size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
  }
  /** Every file under the roots whose name starts with the engine's temp prefix. */
  temps(): string[] {
    return (readdirSync(this.tmp, { recursive: true }) as string[]).filter((p) => p.split(/[\\/]/).pop()!.startsWith('.syncwarden-tmp-'));
  }
  ctx(fs: FsPort | Record<Side, FsPort>, extra: Partial<ExecContext> = {}): ExecContext {
    const both = 'stat' in fs ? { left: fs as FsPort, right: fs as FsPort } : fs;
    return {
      roots: this.roots, fs: both, trash: { folder: '.sync_trash', stamp: '20260115-103000' },
      concurrency: 4, largeFileBytes: 1024 * 1024, retry: { attempts: 3, baseMs: 1 }, ...extra,
    };
  }
  cleanup(): void {
    removeTmp(this.tmp);
  }
}

const base = { ruleId: 'test', reason: 'test' };

/** copyOf builds a copy action with stamps read from the disk now (what a scan would have seen). */
export function copyOf(sb: Sandbox, from: Side, srcRel: string, dstRel = srcRel, extra: Partial<CopyAction> = {}): CopyAction {
  const to: Side = from === 'left' ? 'right' : 'left';
  const expectSrc = sb.stamp(from, srcRel);
  return {
    kind: 'copy', key: toKey(dstRel, true), ...base, from, srcRel, dstRel, size: expectSrc?.size ?? 0,
    expectSrc, expectDst: sb.stamp(to, extra.dstCurrentRel ?? dstRel), trashOverwritten: false, ...extra,
  };
}

/** renameOf builds a rename action on one side. */
export function renameOf(sb: Sandbox, side: Side, fromRel: string, toRel: string): RenameAction {
  return {
    kind: 'rename', key: toKey(fromRel, true), toKey: toKey(toRel, true), ...base, side, fromRel, toRel,
    expect: sb.stamp(side, fromRel),
  };
}

/** deleteOf builds a delete action on one side. */
export function deleteOf(sb: Sandbox, side: Side, rel: string, trash: boolean): DeleteAction {
  return { kind: 'delete', key: toKey(rel, true), ...base, side, rel, trash, expect: sb.stamp(side, rel) };
}

/** runOne executes a one-action plan and returns its result. */
export async function runOne(action: Action, ctx: ExecContext): Promise<ActionResult> {
  const [result] = await executePlan([action], ctx);
  return result;
}
