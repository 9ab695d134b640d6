import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/config.js';
import { InputError } from '../model/errors.js';
import { toKey, type Key } from '../model/key.js';

/** keysOfPaths turns command-line paths (relative to the roots, or absolute under either root) into keys. */
export function keysOfPaths(paths: string[], config: Config): Key[] {
  return paths.map((p) => {
    const rel = isAbsolute(p) ? underRoot(p, config) : p;
    if (rel === undefined) {
      throw new InputError([{ file: '(command line)', field: 'PATH', expected: `a path under ${config.left} or ${config.right}`, found: p }]);
    }
    const key = toKey(rel.replace(/^[.][\\/]/, '').replace(/[\\/]+$/, ''), config.caseInsensitive);
    if (key.split('/').includes('..')) {
      throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'a path inside the roots', found: p }]);
    }
    return key === '.' ? '' : key;
  });
}

function underRoot(abs: string, config: Config): string | undefined {
  for (const root of [config.left, config.right]) {
    const rel = relative(resolve(root), resolve(abs));
    if (rel === '') return '';
    if (!rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return undefined;
}
