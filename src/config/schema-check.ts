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
      return { file, field, expected: e.message ?? e.keyword, found: show(e.data) };
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
