import { basename, dirname, join, parse } from 'node:path';
import type { FsPort } from './fs.js';
import { canLink, type LinkCapable } from './node-fs.js';

/**
 * ntfsFold is how NTFS compares names: each UTF-16 unit upper-cased on its own (its $UpCase table maps one unit
 * to one unit), and no Unicode normalisation, so `Café` in NFC and in NFD are two different names there, as
 * `ß` and `SS` are. The engine's keys (model/key.ts) are NFC as well: where the two differ, the disk wins.
 */
export function ntfsFold(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const unit = name[i];
    const upper = unit.toUpperCase();
    out += upper.length === 1 ? upper : unit;
  }
  return out;
}

/**
 * caseInsensitive gives a port Windows (NTFS) name semantics on a case-sensitive disk, like Syncthing's
 * fakefs with insens=true: a path names whatever entry matches it segment by segment under ntfsFold.
 * Writing to a name whose case variant exists writes into the existing entry and keeps its spelling; a rename
 * to another spelling of the same entry changes its spelling; a rename onto a different entry of another
 * spelling replaces it, and the moved entry takes the spelling asked for. readdir returns real names.
 */
export function caseInsensitive(inner: FsPort): FsPort & Partial<LinkCapable> {
  const resolve = (path: string) => resolvePath(inner, path);
  const port: FsPort & Partial<LinkCapable> = {
    stat: async (p) => inner.stat(await resolve(p)),
    readdir: async (p) => inner.readdir(await resolve(p)),
    mkdir: async (p, recursive) => inner.mkdir(await resolve(p), recursive),
    rename: async (from, to) => renameInsensitive(inner, await resolve(from), await resolve(to), basename(to)),
    unlink: async (p) => inner.unlink(await resolve(p)),
    rmdir: async (p) => inner.rmdir(await resolve(p)),
    copyFile: async (src, dst, onBytes) => inner.copyFile(await resolve(src), await resolve(dst), onBytes),
    setMtime: async (p, mtimeMs) => inner.setMtime(await resolve(p), mtimeMs),
    chmod: async (p, mode) => inner.chmod(await resolve(p), mode),
    readStream: (p) => (async function* () {
      yield* inner.readStream(await resolve(p));
    })(),
  };
  if (canLink(inner)) port.link = async (existing, newPath) => inner.link(await resolve(existing), await resolve(newPath));
  return port;
}

async function renameInsensitive(inner: FsPort, from: string, to: string, wantedName: string): Promise<void> {
  const wanted = join(dirname(to), wantedName);
  // `to` already carries the wanted spelling, or nothing answers to it: a plain rename.
  if (to === wanted) return inner.rename(from, to);
  // Another spelling of the entry being moved: a case-only rename, which changes the spelling.
  if (to === from) return inner.rename(from, wanted);
  // A different entry answers to the name: it is replaced, and the name is spelled as asked.
  await inner.rename(from, to);
  await inner.rename(to, wanted);
}

/**
 * resolvePath maps a path to the spelling on disk: existing segments take their real names, the first
 * missing segment and everything after it stay as given.
 */
export async function resolvePath(inner: FsPort, path: string): Promise<string> {
  // The common case (exact spelling exists) costs one stat.
  if (await inner.stat(path)) return path;
  const { root } = parse(path);
  const segments = path.slice(root.length).split(/[\\/]+/).filter((s) => s !== '');
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const real = await findEntry(inner, current, segments[i]);
    if (real === null) return join(current, ...segments.slice(i));
    current = join(current, real);
  }
  return current;
}

async function findEntry(inner: FsPort, dir: string, name: string): Promise<string | null> {
  if (await inner.stat(join(dir, name))) return name;
  let names: string[];
  try {
    names = (await inner.readdir(dir)).map((d) => d.name);
  } catch {
    // An unreadable or missing folder has no variants to offer; the caller's own call reports the error.
    return null;
  }
  const want = ntfsFold(name);
  return names.find((n) => ntfsFold(n) === want) ?? null;
}
