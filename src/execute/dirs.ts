import type { SideIo } from './types.js';

/**
 * ensureDir creates a relative folder and its missing parents, one level at a time below the root, and
 * never the root itself: a recursive mkdir would quietly rebuild an unmounted drive's mount point as an
 * empty local folder and let the sync write into it.
 */
export async function ensureDir(io: SideIo, relDir: string): Promise<void> {
  if (relDir === '') return;
  if ((await io.fs.stat(io.abs(relDir)))?.type === 'dir') return;
  const root = await io.fs.stat(io.root);
  if (root?.type !== 'dir') {
    throw Object.assign(new Error(`${io.side} root ${io.root} is not reachable`), { code: 'ENOENT' });
  }
  const segments = relDir.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const abs = io.abs(segments.slice(0, i).join('/'));
    if ((await io.fs.stat(abs))?.type === 'dir') continue;
    try {
      await io.fs.mkdir(abs, false);
    } catch (err) {
      // A concurrent action made the same folder: fine. Anything else (a file in the way) is an error.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || (await io.fs.stat(abs))?.type !== 'dir') throw err;
    }
  }
}
