import { readFileSync } from 'node:fs';

/*
 * Who holds a lock is a pid plus the process's start identity, so a reused pid or a dead process that its
 * parent has not reaped yet (a zombie) is told apart from the holder.
 *
 * Linux: /proc/PID/stat gives the state (Z = zombie, X = dead) and the start time in clock ticks since
 * boot (field 22); with the boot id it names one process for ever.
 * Elsewhere (Windows, macOS) there is no /proc, and Node has no call for another process's creation time
 * without a platform-only shell-out. There the identity is null and liveness falls back to a pid probe:
 * Windows has no zombies (the probe asks for the exit code, so an exited process is dead even while a
 * handle keeps it around) and a reused pid reads as alive. That errs towards refusing, never towards two
 * writers; a lock from before the last boot is judged stale apart (lock.ts).
 */

/** ProcessState is what the OS says about a pid; startId is null where the OS gives no start identity. */
export type ProcessState = { alive: false } | { alive: true; startId: string | null };

let bootId: string | null | undefined;

function linuxBootId(): string | null {
  if (bootId === undefined) bootId = readText('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
  return bootId;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** hasProcFs tells whether this OS shows processes under /proc (Linux). */
export function hasProcFs(): boolean {
  return linuxBootId() !== null;
}

/**
 * parseProcStat reads the state letter and the start time (clock ticks since boot) from a /proc/PID/stat
 * line; the command name in parentheses may itself hold spaces and parentheses, so fields count from the last ')'.
 */
export function parseProcStat(line: string): { state: string; startTicks: string } | null {
  const close = line.lastIndexOf(')');
  if (close < 0) return null;
  const fields = line.slice(close + 2).trim().split(' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTicks = fields[19];
  return state && startTicks && /^\d+$/.test(startTicks) ? { state, startTicks } : null;
}

/** processState probes a pid on this machine: dead (gone, zombie), or alive with its start identity when the OS gives one. */
export function processState(pid: number): ProcessState {
  const boot = linuxBootId();
  if (boot === null) return isPidAlive(pid) ? { alive: true, startId: null } : { alive: false };
  const stat = readText(`/proc/${pid}/stat`);
  const parsed = stat === null ? null : parseProcStat(stat);
  if (!parsed) return stat !== null && isPidAlive(pid) ? { alive: true, startId: null } : { alive: false };
  if (parsed.state === 'Z' || parsed.state === 'X') return { alive: false };
  return { alive: true, startId: `linux:${boot}:${parsed.startTicks}` };
}

/** ownStartId is this process's start identity, written into the locks it takes (null where the OS gives none). */
export function ownStartId(): string | null {
  const state = processState(process.pid);
  return state.alive ? state.startId : null;
}

/** isPidAlive tells whether a pid exists (EPERM: it exists but belongs to another user); a zombie still counts. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
