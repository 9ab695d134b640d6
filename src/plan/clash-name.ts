/** clashStamp formats an mtime as YYYYMMDDHHMM in local time (the clash-name timestamp). */
export function clashStamp(mtimeMs: number): string {
  const d = new Date(mtimeMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}`;
}

/** splitExt splits a file name at its last dot; a name whose only dot leads (`.gitignore`) has no extension. */
export function splitExt(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
}

/**
 * clashRel returns `<dir>/<stem>_clash_<YYYYMMDDHHMM>[_n]<.ext>` for a relative path, adding `_2`, `_3`, …
 * while `taken(candidateRel)` says the name exists (on either side or earlier in this plan).
 */
export function clashRel(rel: string, olderMtimeMs: number, taken: (rel: string) => boolean): string {
  const slash = rel.lastIndexOf('/');
  const dir = slash < 0 ? '' : rel.slice(0, slash + 1);
  const { stem, ext } = splitExt(rel.slice(slash + 1));
  const base = `${dir}${stem}_clash_${clashStamp(olderMtimeMs)}`;
  let candidate = `${base}${ext}`;
  for (let n = 2; taken(candidate); n++) candidate = `${base}_${n}${ext}`;
  return candidate;
}
