// Build step (`npm run build`, after tsc): compiles each JSON schema once into a standalone validator module,
// dist/schemas/<name>.validate.cjs, so a command does not compile schemas with Ajv at every start (measured:
// ~0.15 s of a no-change pass on a quiet machine). schema-check.ts uses a module only when the hash it carries
// is the hash of the schema file beside it; a stale or missing one falls back to compiling.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { projectRoot } from './project.js';
import { AJV_OPTIONS, SCHEMA_NAMES, schemaHash, validatorFile } from './schema-check.js';

const require = createRequire(import.meta.url);

/** buildValidators writes the validator module of every schema; returns the files written. */
export function buildValidators(): string[] {
  const written: string[] = [];
  for (const name of SCHEMA_NAMES) {
    const text = readFileSync(join(projectRoot(), 'schemas', `${name}.schema.json`), 'utf8');
    const { Ajv } = require('ajv') as typeof import('ajv');
    const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js')).default;
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
    const code = standaloneCode(ajv, ajv.compile(JSON.parse(text)));
    const file = validatorFile(name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(text))};\n`);
    written.push(file);
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) buildValidators();
