import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FieldError } from '../model/errors.js';
import { projectRoot } from './project.js';

export type SchemaName = 'config' | 'policy' | 'scenario';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const schema = JSON.parse(readFileSync(join(projectRoot(), 'schemas', `${name}.schema.json`), 'utf8'));
    fn = ajv.compile(schema);
    compiled.set(name, fn);
  }
  return fn;
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
