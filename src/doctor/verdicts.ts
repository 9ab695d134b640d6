import type { Side } from '../model/side.js';
import { formatBytes } from './format.js';
import { result, type CheckResult } from './types.js';

/** MAX_PATH is Windows' classic path limit, its terminating NUL included: a path of 260 characters or more is past it. */
export const MAX_PATH = 260;
/** CLOCK_SKEW_MS is how far a file's fresh mtime, or the last recorded pass, may lie from this machine's clock. */
export const CLOCK_SKEW_MS = 60_000;

/** mountedVerdict tells an empty root that held files at the last sync (an unmounted drive) from a root in use. */
export function mountedVerdict(side: Side, root: string, present: { files: number; dirs: number }, baseFiles: number): CheckResult {
  const id = `mounted.${side}`;
  const title = `${side} root holds the synced files`;
  if (present.files + present.dirs > 0) return result(id, title, 'ok', `${present.files} files, ${present.dirs} folders in ${root}`);
  if (baseFiles > 0) {
    return result(id, title, 'fail', `${root} is empty but held ${baseFiles} files at the last sync: the drive is not mounted, or this is a local folder standing in for it`,
      'mount the drive (log on as the user whose session mounts it), or point the config at the real root; a pass stops on this (exit 3) until then');
  }
  return result(id, title, 'warn', `${root} is empty and nothing was synced yet`,
    'if this should be the cloud drive, check that it is mounted before the first sync: a first sync into an empty local folder copies everything there');
}

/** inotifyVerdict compares the folders a Linux service would watch (one inotify watch each) with the per-user limit. */
export function inotifyVerdict(folders: number, maxWatches: number): CheckResult {
  const id = 'inotify';
  const title = 'inotify watches for every folder';
  const detail = `${folders} folders to watch, fs.inotify.max_user_watches = ${maxWatches}`;
  const fix = `raise the limit: echo fs.inotify.max_user_watches=${Math.max(524288, folders * 2)} > /etc/sysctl.d/60-syncwarden.conf && sysctl --system`;
  if (folders > maxWatches) return result(id, title, 'fail', `${detail}: the watcher would miss changes in the folders past the limit`, fix);
  if (folders > maxWatches * 0.8) return result(id, title, 'warn', `${detail}: little room left for other programs of this user`, fix);
  return result(id, title, 'ok', detail);
}

/** longPathVerdict lists the paths (on either side, as they would be on each root) of MAX_PATH characters or more. */
export function longPathVerdict(lengths: readonly { path: string; length: number }[]): CheckResult {
  const id = 'paths';
  const title = `paths under ${MAX_PATH} characters`;
  const long = lengths.filter((p) => p.length >= MAX_PATH).sort((a, b) => b.length - a.length);
  if (!long.length) return result(id, title, 'ok', `longest path: ${Math.max(0, ...lengths.map((p) => p.length))} characters`);
  const examples = long.slice(0, 3).map((p) => `${p.path} (${p.length})`).join('; ');
  return result(id, title, 'warn', `${long.length} path(s) of ${MAX_PATH} characters or more: ${examples}`,
    'syncwarden copies them, but Explorer, Office and some cloud clients may not open them: shorten folder names, or enable long paths (LongPathsEnabled) where the programs support it');
}

/** diskVerdict checks that a root's file system can hold a temp copy of the largest file the other side may send it. */
export function diskVerdict(side: Side, root: string, freeBytes: number, largestIncoming: number): CheckResult {
  const id = `disk.${side}`;
  const title = `free space on the ${side} root for temp copies`;
  const detail = `${formatBytes(freeBytes)} free on ${root}; the largest file to copy there is ${formatBytes(largestIncoming)}`;
  if (freeBytes < largestIncoming) {
    return result(id, title, 'fail', `${detail}: a copy writes a temp file of the whole size next to its target, so it cannot fit`,
      'free space on that drive (or empty its .sync_trash), or exclude the largest files with ignore[]');
  }
  return result(id, title, 'ok', detail);
}

/** lastPassVerdict fails when the clock reads earlier than the end of the last pass the state recorded. */
export function lastPassVerdict(nowMs: number, lastPassEnd: string | null): CheckResult {
  const id = 'clock.lastPass';
  const title = 'clock not behind the last recorded pass';
  if (lastPassEnd === null) return result(id, title, 'ok', `no pass recorded yet; clock reads ${new Date(nowMs).toISOString()}`);
  const behind = Date.parse(lastPassEnd) - nowMs;
  if (behind > CLOCK_SKEW_MS) {
    return result(id, title, 'fail', `the clock reads ${new Date(nowMs).toISOString()}, ${Math.round(behind / 1000)} s before the last pass ended (${lastPassEnd})`,
      'set the clock right (time service / NTP): mtimes compared against a wrong clock pick the wrong newer side');
  }
  return result(id, title, 'ok', `clock reads ${new Date(nowMs).toISOString()}, after the last pass (${lastPassEnd})`);
}

/** mtimeVerdict compares the mtime a file just written got with this machine's clock. */
export function mtimeVerdict(where: string, folder: string, nowMs: number, mtimeMs: number): CheckResult {
  const id = `clock.${where}`;
  const title = `a file written now in the ${where === 'state' ? 'state folder' : `${where} root`} gets the current time`;
  const skew = mtimeMs - nowMs;
  const detail = `mtime ${new Date(mtimeMs).toISOString()}, clock ${new Date(nowMs).toISOString()} (${skew >= 0 ? '+' : ''}${Math.round(skew / 1000)} s) in ${folder}`;
  if (Math.abs(skew) > CLOCK_SKEW_MS) {
    return result(id, title, 'fail', `${detail}: the file system's clock and this machine's disagree`,
      'synchronise the clocks of this machine and of the file server or cloud drive (time service / NTP)');
  }
  return result(id, title, 'ok', detail);
}
