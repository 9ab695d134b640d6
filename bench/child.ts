import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * runChild runs a bench script (a sibling module, named without extension) in a fresh Node process
 * and parses the one JSON line it prints; run from source, the child loads tsx like its parent.
 */
export function runChild<T>(script: string, args: string[]): Promise<T> {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${script}.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const node = [...(fromSource ? ['--import', import.meta.resolve('tsx')] : []), file, ...args];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, node, { maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${script} failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as T);
    });
  });
}
