import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project.js';
import { configReference } from './config-reference.js';

const START = '<!-- config-reference:start -->\n';
const END = '<!-- config-reference:end -->';

/** readmeWithReference returns the README text with its config table replaced by the schema's. */
export function readmeWithReference(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README.md lacks the config-reference markers');
  return readme.slice(0, a + START.length) + configReference() + readme.slice(b);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split(/[\\/]/).pop() ?? '')) {
  const file = join(projectRoot(), 'README.md');
  writeFileSync(file, readmeWithReference(readFileSync(file, 'utf8')));
}
