import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChecklist } from '../../../src/doctor/format.js';
import { failed, type Mark } from '../../../src/doctor/types.js';
import { CLOCK_SKEW_MS, diskVerdict, inotifyVerdict, lastPassVerdict, longPathVerdict, mountedVerdict, mtimeVerdict } from '../../../src/doctor/verdicts.js';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const MB = 1024 * 1024;

test('verdicts: each check passes, warns or fails at its threshold', () => {
  const rows: { description: string; mark: Mark; got: { mark: Mark } }[] = [
    { description: 'a root holding entries is in use', mark: 'ok', got: mountedVerdict('right', 'P:\\', { files: 3, dirs: 0 }, 3) },
    { description: 'an empty root that held files at the last sync is an unmounted drive', mark: 'fail', got: mountedVerdict('right', 'P:\\', { files: 0, dirs: 0 }, 90_000) },
    { description: 'an empty root before any sync is worth a look only', mark: 'warn', got: mountedVerdict('right', 'P:\\', { files: 0, dirs: 0 }, 0) },
    { description: 'folders within the inotify limit', mark: 'ok', got: inotifyVerdict(18_062, 192_536) },
    { description: 'folders above 80% of the limit', mark: 'warn', got: inotifyVerdict(160_000, 192_536) },
    { description: 'more folders than watches', mark: 'fail', got: inotifyVerdict(200_000, 192_536) },
    { description: 'a path of 259 characters fits MAX_PATH', mark: 'ok', got: longPathVerdict([{ path: 'x'.repeat(259), length: 259 }]) },
    { description: 'a path of 260 characters does not (its NUL counts)', mark: 'warn', got: longPathVerdict([{ path: 'x'.repeat(260), length: 260 }]) },
    { description: 'free space for the largest incoming file', mark: 'ok', got: diskVerdict('left', 'C:\\share', 10 * MB, 10 * MB) },
    { description: 'less free space than the largest incoming file', mark: 'fail', got: diskVerdict('left', 'C:\\share', 10 * MB - 1, 10 * MB) },
    { description: 'no pass recorded yet', mark: 'ok', got: lastPassVerdict(NOW, null) },
    { description: 'a clock a little behind the last pass (within the skew allowed)', mark: 'ok', got: lastPassVerdict(NOW, new Date(NOW + CLOCK_SKEW_MS).toISOString()) },
    { description: 'a clock a day behind the last pass', mark: 'fail', got: lastPassVerdict(NOW, new Date(NOW + 86_400_000).toISOString()) },
    { description: 'a fresh mtime within a minute of the clock', mark: 'ok', got: mtimeVerdict('right', 'P:\\', NOW, NOW - CLOCK_SKEW_MS) },
    { description: 'a fresh mtime an hour ahead (a DST or time-zone slip on the server)', mark: 'fail', got: mtimeVerdict('right', 'P:\\', NOW, NOW + 3_600_000) },
  ];
  for (const row of rows) assert.equal(row.got.mark, row.mark, row.description);
});

test('renderChecklist: a mark per line, the fix under what did not pass, a closing verdict; failed() ignores warnings', () => {
  const results = [mountedVerdict('left', '/l', { files: 1, dirs: 0 }, 0), mountedVerdict('right', '/r', { files: 0, dirs: 0 }, 5), longPathVerdict([{ path: 'y'.repeat(300), length: 300 }])];
  const text = renderChecklist(results);
  assert.match(text, /^✓ left root holds the synced files: 1 files, 0 folders in \/l$/m);
  assert.match(text, /^✗ right root holds the synced files: \/r is empty but held 5 files at the last sync.*\n {4}fix: mount the drive/m);
  assert.match(text, /^! paths under 260 characters: 1 path\(s\)/m);
  assert.match(text, /1 check\(s\) failed, 1 warning\(s\)\n$/);
  assert.equal(failed(results), true);
  assert.equal(failed([results[0], results[2]]), false);
  assert.equal('fix' in results[0], false, 'no fix on a passing check');
});
