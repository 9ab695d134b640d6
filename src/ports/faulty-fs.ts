import { constants } from 'node:os';
import type { FsPort } from './fs.js';
import { canLink, type LinkCapable } from './node-fs.js';

export type FsOp = keyof FsPort | 'link';

/** One call through the port: the op and its path arguments (`to` for rename, copyFile and link). */
export interface FsCall {
  op: FsOp;
  path: string;
  to?: string;
}

/** A fault: make matching calls fail with an errno code. */
export interface FaultRule {
  op: FsOp | readonly FsOp[];
  /** Which calls; default all calls of the op. */
  match?: (call: FsCall) => boolean;
  /** errno code to throw, e.g. 'EBUSY'. */
  code: string;
  /** How many matching calls fail; default every one. */
  times?: number;
  /** Let this many matching calls through first: the k-th call fails with `skip: k - 1, times: 1`. */
  skip?: number;
  /** Fail after the real call ran (the op happened, the caller sees an error), as a lost reply would. */
  after?: boolean;
}

/** A hook: run code around matching calls (slow a copy, change a file mid-copy, count calls in flight). */
export interface FsHook {
  op: FsOp | readonly FsOp[];
  match?: (call: FsCall) => boolean;
  before?: (call: FsCall) => void | Promise<void>;
  after?: (call: FsCall) => void | Promise<void>;
}

/** FaultyFs is a port that records its calls and injects the faults and hooks it is given. */
export interface FaultyFs extends FsPort, Partial<LinkCapable> {
  readonly calls: FsCall[];
  fail(rule: FaultRule): void;
  hook(hook: FsHook): void;
}

/** faultyFs wraps a port for tests: every call is logged, matching calls fail or run hooks. */
export function faultyFs(inner: FsPort, init: { faults?: FaultRule[]; hooks?: FsHook[] } = {}): FaultyFs {
  const calls: FsCall[] = [];
  const faults = (init.faults ?? []).map((rule) => ({ rule, seen: 0, failed: 0 }));
  const hooks = [...(init.hooks ?? [])];

  async function run<T>(call: FsCall, real: () => Promise<T>): Promise<T> {
    calls.push(call);
    const active = hooks.filter((h) => applies(h.op, h.match, call));
    for (const h of active) await h.before?.(call);
    const fault = pickFault(faults, call);
    if (fault && !fault.after) throw injectedError(fault.code, call);
    const value = await real();
    if (fault?.after) throw injectedError(fault.code, call);
    for (const h of active) await h.after?.(call);
    return value;
  }

  const port: FaultyFs = {
    calls,
    fail: (rule) => void faults.push({ rule, seen: 0, failed: 0 }),
    hook: (h) => void hooks.push(h),
    stat: (p) => run({ op: 'stat', path: p }, () => inner.stat(p)),
    readdir: (p) => run({ op: 'readdir', path: p }, () => inner.readdir(p)),
    mkdir: (p, r) => run({ op: 'mkdir', path: p }, () => inner.mkdir(p, r)),
    rename: (f, t) => run({ op: 'rename', path: f, to: t }, () => inner.rename(f, t)),
    unlink: (p) => run({ op: 'unlink', path: p }, () => inner.unlink(p)),
    rmdir: (p) => run({ op: 'rmdir', path: p }, () => inner.rmdir(p)),
    copyFile: (s, d, on) => run({ op: 'copyFile', path: s, to: d }, () => inner.copyFile(s, d, on)),
    setMtime: (p, m) => run({ op: 'setMtime', path: p }, () => inner.setMtime(p, m)),
    chmod: (p, m) => run({ op: 'chmod', path: p }, () => inner.chmod(p, m)),
    // Faults and hooks act on opening the stream; its chunks pass through untouched.
    readStream: (p) => (async function* () {
      yield* await run({ op: 'readStream', path: p }, async () => inner.readStream(p));
    })(),
  };
  if (canLink(inner)) port.link = (e, n) => run({ op: 'link', path: e, to: n }, () => inner.link(e, n));
  return port;
}

function applies(op: FsOp | readonly FsOp[], match: ((c: FsCall) => boolean) | undefined, call: FsCall): boolean {
  const ops: readonly FsOp[] = typeof op === 'string' ? [op] : op;
  return ops.includes(call.op) && (match ? match(call) : true);
}

/** The first rule still armed for this call; every matching rule counts the call, so `skip` sees them all. */
function pickFault(faults: { rule: FaultRule; seen: number; failed: number }[], call: FsCall): FaultRule | null {
  let chosen: FaultRule | null = null;
  for (const f of faults) {
    if (!applies(f.rule.op, f.rule.match, call)) continue;
    f.seen++;
    const armed = f.seen > (f.rule.skip ?? 0) && f.failed < (f.rule.times ?? Infinity);
    if (armed && chosen === null) {
      f.failed++;
      chosen = f.rule;
    }
  }
  return chosen;
}

/** injectedError builds an error shaped like Node's own (code, errno, syscall, path). */
export function injectedError(code: string, call: FsCall): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: injected fault, ${call.op} '${call.path}'`);
  err.code = code;
  const errno = (constants.errno as Record<string, number>)[code];
  if (errno !== undefined) err.errno = -errno;
  err.syscall = call.op;
  err.path = call.path;
  return err;
}

