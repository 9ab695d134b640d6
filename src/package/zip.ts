import { createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { ROOT, type ZipEntry } from './layout.js';

/** writeZip writes the entries below ROOT/ into `file` (through a temp name, so a broken build leaves no zip); all get one `mtime`. */
export async function writeZip(entries: readonly ZipEntry[], file: string, mtime: Date): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    const opts = { mtime, mode: e.to.startsWith('bin/') ? 0o100755 : 0o100644 };
    if ('from' in e) zip.addFile(e.from, `${ROOT}/${e.to}`, opts);
    else zip.addBuffer(e.data, `${ROOT}/${e.to}`, opts);
  }
  zip.end();
  const temp = `${file}.partial`;
  await pipeline(zip.outputStream, createWriteStream(temp));
  renameSync(temp, file);
}
