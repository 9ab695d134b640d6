import { readFileSync } from 'node:fs';
import { dirname, join, resolve, win32 } from 'node:path';
import { InputError, type FieldError } from '../model/errors.js';
import type { Config } from './config.js';
import { parseJson5 } from './json5-read.js';
import { placementErrors, type Placement } from './placement.js';
import { projectRoot } from './project.js';
import { schemaErrors } from './schema-check.js';

/** parseJson5File reads and parses a JSON5 file, turning syntax errors into a FieldError with line and column. */
export function parseJson5File(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError([{ file, field: '', expected: 'a readable JSON5 file', found: code }]);
  }
  try {
    return parseJson5(text);
  } catch (err) {
    const e = err as { lineNumber?: number; columnNumber?: number; message: string };
    const where = e.lineNumber ? ` at line ${e.lineNumber}, column ${e.columnNumber}` : '';
    throw new InputError([{ file, field: '', expected: `valid JSON5${where}`, found: e.message.replace(/^JSON5: /, '') }]);
  }
}

/** loadConfig reads a config file, validates it, applies defaults and resolves paths; throws InputError listing every problem. */
export function loadConfig(file: string, overrides: Record<string, unknown> = {}): Config {
  const abs = resolve(file);
  const data = parseJson5File(abs);
  return resolveConfig(Object.keys(overrides).length ? merge(data, overrides) : data, abs);
}

/**
 * resolveConfig validates a config object (as if read from `file`) and returns the resolved Config;
 * schema errors and folder placement errors (placement.ts) are reported together.
 */
export function resolveConfig(data: unknown, file: string): Config {
  const errors: FieldError[] = schemaErrors('config', data, file);
  // Defaults are applied even when the schema fails, so the placement checks still see every valid path.
  errors.push(...placementErrors(placementOf(data, file)));
  if (errors.length) throw new InputError(errors);
  const raw = data as Omit<Config, 'file' | 'policies' | 'log'> & { policies: { dir: string | null }; log: Omit<Config['log'], 'dir'> & { dir: string | null } };
  const at = absolute(file);
  return {
    ...raw,
    file,
    left: at(raw.left),
    right: at(raw.right),
    stateDir: at(raw.stateDir),
    policies: { dir: raw.policies.dir ? at(raw.policies.dir) : join(projectRoot(), 'policies') },
    log: { ...raw.log, dir: logDirOf(raw.log.dir, file) },
    email: {
      ...raw.email,
      smtp: { ...raw.email.smtp, passwordFile: raw.email.smtp.passwordFile ? at(raw.email.smtp.passwordFile) : null },
    },
    health: { ...raw.health, tokenFile: raw.health.tokenFile ? at(raw.health.tokenFile) : null },
  };
}

/** placementOf picks the paths placement.ts checks out of raw config data, absolute, skipping values of the wrong type. */
export function placementOf(data: unknown, file: string): Placement {
  const raw = isPlain(data) ? data : {};
  const at = absolute(file);
  const path = (v: unknown) => (typeof v === 'string' && v !== '' ? at(v) : undefined);
  const log = isPlain(raw.log) ? raw.log : {};
  const email = isPlain(raw.email) ? raw.email : {};
  return {
    file,
    caseInsensitive: raw.caseInsensitive !== false,
    left: path(raw.left),
    right: path(raw.right),
    stateDir: path(raw.stateDir),
    logDir: log.dir === undefined || log.dir === null ? logDirOf(null, file) : path(log.dir),
    email: { enabled: email.enabled === true, to: Array.isArray(email.to) ? email.to : [] },
  };
}

/**
 * logDirOf resolves log.dir: a path is taken relative to the config's folder; null (the default) is the
 * operator's usual place on Windows, %ProgramData%\syncwarden\logs (where a service's logs are looked
 * for, and writable by the service account), and .syncwarden/logs next to the config elsewhere.
 */
export function logDirOf(dir: string | null, file: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (dir !== null) return absolute(file)(dir);
  if (platform === 'win32') return win32.join(env.ProgramData ?? env.ALLUSERSPROFILE ?? 'C:\\ProgramData', 'syncwarden', 'logs');
  return absolute(file)('.syncwarden/logs');
}

function absolute(file: string): (p: string) => string {
  const dir = dirname(file);
  return (p) => resolve(dir, p);
}

/** merge deep-merges plain objects (overrides win); arrays and scalars are replaced. */
export function merge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
