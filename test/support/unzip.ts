import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/** unzip extracts every file of a zip below `dest` (refusing a name that would land outside it) and returns the names. */
export async function unzip(file: string, dest: string): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) => yauzl.open(file, { lazyEntries: true, strictFileNames: true }, (err, z) => (err ? fail(err) : ok(z))));
  const names: string[] = [];
  const root = resolve(dest);
  try {
    for await (const entry of zip.eachEntry()) {
      const to = resolve(root, entry.fileName);
      if (!to.startsWith(root + sep)) throw new Error(`${file}: ${entry.fileName} points outside the folder`);
      if (entry.fileName.endsWith('/')) continue;
      mkdirSync(dirname(to), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(to));
      names.push(entry.fileName);
    }
  } finally {
    zip.close();
  }
  return names;
}

