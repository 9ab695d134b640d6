import { InputError, SafetyStop } from '../model/errors.js';
import { EXIT } from './exit.js';

/**
 * serviceRefusal turns a running service's refusal into what the command would have met doing the work itself:
 * 400 is bad input (exit 2), 409 a safety stop (exit 3), any other failure exit 1. Null for a 200: show the body.
 */
export function serviceRefusal(status: number, body: Record<string, unknown>, verb: string): number | null {
  const error = typeof body.error === 'string' ? body.error : String(status);
  if (status === 400) throw new InputError((body.errors as InputError['errors'] | undefined) ?? [{ file: '(command line)', field: 'PATH', expected: error }], error);
  if (status === 409) {
    const stop = (body.safetyStop ?? {}) as { reason?: string; message?: string };
    throw new SafetyStop(stop.reason ?? 'stop', stop.message ?? error, stop);
  }
  if (status === 200) return null;
  process.stderr.write(`the service could not ${verb}: ${error}\n`);
  return EXIT.actionsFailed;
}
