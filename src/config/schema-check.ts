import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type { FieldError } from '../model/errors.js';
import { projectRoot } from './project.js';

export type SchemaName = 'config' | 'policy' | 'scenario';

/** SCHEMA_NAMES are the schemas under schemas/, each `<name>.schema.json`. */
export const SCHEMA_NAMES: readonly SchemaName[] = ['config', 'policy', 'scenario'];
/** AJV_OPTIONS are how every schema is compiled, at build time (schema-build.ts) or here. */
export const AJV_OPTIONS: Options = { allErrors: true, useDefaults: true, strict: false, verbose: true };

const require = createRequire(import.meta.url);
const compiled = new Map<SchemaName, ValidateFunction>();
const origins = new Map<SchemaName, 'prebuilt' | 'compiled'>();

/** validatorOrigin tells whether a schema used so far was checked by the build's validator or compiled at run time. */
export function validatorOrigin(name: SchemaName): 'prebuilt' | 'compiled' | undefined {
  return origins.get(name);
}

/** schemaHash identifies a schema's text, so a prebuilt validator is used only for the schema it was built from. */
export function schemaHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** validatorFile is where the build puts a schema's prebuilt validator. */
export function validatorFile(name: SchemaName): string {
  return join(projectRoot(), 'dist', 'schemas', `${name}.validate.cjs`);
}

function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const text = readFileSync(join(projectRoot(), 'schemas', `${name}.schema.json`), 'utf8');
    const built = prebuilt(name, text);
    fn = built ?? compileNow(text);
    compiled.set(name, fn);
    origins.set(name, built ? 'prebuilt' : 'compiled');
  }
  return fn;
}

/** prebuilt returns the build's validator of a schema when it was built from this very schema text, else null. */
export function prebuilt(name: SchemaName, text: string): ValidateFunction | null {
  const file = validatorFile(name);
  if (!existsSync(file)) return null;
  const mod = require(file) as ValidateFunction & { schemaHash?: string };
  return mod.schemaHash === schemaHash(text) ? mod : null;
}

// Ajv itself is loaded only here: most starts use the prebuilt validators.
function compileNow(text: string): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile(JSON.parse(text));
}

/** schemaErrors validates `data` in place (applying schema defaults) and returns every error, named by field. */
export function schemaErrors(name: SchemaName, data: unknown, file: string): FieldError[] {
  const fn = validator(name);
  if (fn(data)) return [];
  return dedupe((fn.errors ?? []).filter(relevant).map((e) => toFieldError(e, file)));
}

/** loadSchema returns a schema's JSON (for docs and editors). */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(projectRoot(), 'schemas', `${name}.schema.json`), 'utf8'));
}

// `oneOf`/`anyOf`/`if` wrappers repeat what their branches already said.
function relevant(e: ErrorObject): boolean {
  return e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if';
}

function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function join2(a: string, b: string): string {
  return a ? `${a}.${b}` : b;
}

function toFieldError(e: ErrorObject, file: string): FieldError {
  const field = fieldPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { file, field: join2(field, String(p.missingProperty)), expected: 'a value (required)', found: 'nothing' };
    case 'additionalProperties':
      return { file, field: join2(field, String(p.additionalProperty)), expected: 'no such key (unknown field; check the spelling)' };
    case 'enum':
      return { file, field, expected: `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, found: show(e.data) };
    case 'type':
      return { file, field, expected: `${p.type}`, found: show(e.data) };
    default:
      return { file, field, expected: boundWords(e), found: show(e.data) };
  }
}

// ajv words its messages as "must be <= 100", which reads badly after "expected": name the bound instead.
function boundWords(e: ErrorObject): string {
  const limit = (e.params as { limit?: unknown }).limit;
  switch (e.keyword) {
    case 'maximum': return `a number no greater than ${limit}`;
    case 'minimum': return `a number no less than ${limit}`;
    case 'exclusiveMaximum': return `a number below ${limit}`;
    case 'exclusiveMinimum': return `a number above ${limit}`;
    case 'minLength': return `a text of at least ${limit} character(s)`;
    case 'maxLength': return `a text of at most ${limit} character(s)`;
    case 'minItems': return `a list of at least ${limit} item(s)`;
    case 'maxItems': return `a list of at most ${limit} item(s)`;
    case 'pattern': return `a text matching ${(e.params as { pattern?: unknown }).pattern}`;
    case 'const': return JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue);
    default: return e.message ?? e.keyword;
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.field}|${e.expected}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
