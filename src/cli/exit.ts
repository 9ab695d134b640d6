import { InputError, SafetyStop } from '../model/errors.js';
import { StateError } from '../state/errors.js';

/** Exit codes (SPEC §8). Conflicts are not errors. */
export const EXIT = { ok: 0, actionsFailed: 1, usage: 2, safety: 3 } as const;

/** ErrorReport is how a command ended when it did not finish: a sentence for a person and an object for `--json`. */
interface ErrorReport {
  exitCode: number;
  text: string;
  json: Record<string, unknown>;
}

/**
 * reportError maps a thrown error to the process exit code and prints it once for a person (stderr); with
 * `json` it also prints it as one JSON object on stdout, so every exit path of a `--json` command parses.
 */
export function reportError(err: unknown, json = false): number {
  const report = describeError(err);
  process.stderr.write(`${report.text}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ exitCode: report.exitCode, ...report.json }, null, 2)}\n`);
  return report.exitCode;
}

/** reportUsage prints a command-line mistake (unknown command or option, missing argument): exit 2. */
export function reportUsage(message: string, json: boolean): number {
  if (json) process.stdout.write(`${JSON.stringify({ exitCode: EXIT.usage, error: { kind: 'usage', message } }, null, 2)}\n`);
  return EXIT.usage;
}

function describeError(err: unknown): ErrorReport {
  if (err instanceof InputError) {
    return { exitCode: EXIT.usage, text: err.message, json: { error: { kind: 'input', message: err.message, errors: err.errors } } };
  }
  if (err instanceof SafetyStop) {
    const { runId, ...details } = err.details;
    const stop = { reason: err.reason, message: err.message, ...details };
    const examples = Array.isArray(details.examples) && details.examples.length ? `\n  for example: ${details.examples.join(', ')}` : '';
    return { exitCode: EXIT.safety, text: `safety stop (${err.reason}): ${err.message}${examples}`, json: { ...(runId ? { runId } : {}), safetyStop: stop } };
  }
  if (err instanceof StateError) {
    // Expected operational trouble (another run holds the state): a sentence, not a stack trace.
    return { exitCode: EXIT.actionsFailed, text: `state (${err.code}): ${err.message}`, json: { error: { kind: 'state', code: err.code, message: err.message } } };
  }
  const e = err as Error;
  return {
    exitCode: EXIT.actionsFailed,
    text: `error: ${e?.stack ?? String(err)}`,
    json: { error: { kind: 'internal', message: e?.message ?? String(err) } },
  };
}
