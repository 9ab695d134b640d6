import { constants } from 'node:os';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * stopOnSignal ends the process with 128 + the signal's number on SIGINT, SIGTERM or SIGHUP, and likewise
 * (as SIGHUP) when the parent that started us with an IPC channel goes away: bin/syncwarden re-running
 * itself on Node 22 is such a parent, and if it is killed we must not run on holding the state lock.
 * process.exit runs the exit hooks, so the lock is released; a pass cut short is safe as a crash is.
 */
export function stopOnSignal(): void {
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal, signal));
  if (!process.channel) return;
  process.once('disconnect', () => stop('SIGHUP', 'the launcher is gone'));
  // After the listener: an explicit unref keeps the channel from holding the process open when the command ends.
  process.channel.unref();
}

function stop(signal: (typeof STOP_SIGNALS)[number], why: string): never {
  const exitCode = 128 + constants.signals[signal];
  process.stderr.write(`syncwarden: stopping (${why})\n`);
  // A command asked for JSON answers in JSON on this exit path too (stdout is written synchronously here).
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ exitCode, error: { kind: 'signal', signal, message: `stopping (${why})` } })}\n`);
  process.exit(exitCode);
}
