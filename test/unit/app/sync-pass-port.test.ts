import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syncPass } from '../../../src/app/sync-pass.js';
import { resolveConfig } from '../../../src/config/load.js';
import { caseInsensitive } from '../../../src/ports/case-insensitive-fs.js';
import { faultyFs } from '../../../src/ports/faulty-fs.js';
import { silentLogger, type Logger } from '../../../src/ports/log.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

/*
 * A pass given a port does all its file-system work through it: the scan, the hashing, the temp sweep, the
 * trash purge and the executor (issue 8 item 16). The case-insensitive port then gives the whole pass Windows
 * name semantics, which the purge of a trash folder spelled in another case shows: a case-sensitive disk has
 * no `.sync_trash` there, NTFS does.
 */

function setup(dir: string) {
  const root = (side: string, ...rel: string[]) => join(dir, side, ...rel);
  mkdirSync(root('left', 'Docs'), { recursive: true });
  mkdirSync(root('right', '.Sync_Trash', '20200101-000000'), { recursive: true });
  writeFileSync(root('left', 'Docs', 'a.txt'), 'from left');
  writeFileSync(root('left', 'Docs', '.syncwarden-tmp-deadbeef'), 'half a copy');
  writeFileSync(root('right', '.Sync_Trash', '20200101-000000', 'old.txt'), 'old');
  const config = resolveConfig({
    left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs', level: 'silent' },
    hash: { enabled: true, sides: ['left', 'right'] }, softDelete: { retentionDays: 30 },
  }, join(dir, 'config.json5'));
  return { root, config };
}

/** A silent logger that keeps the data of its audit lines. */
function auditRecorder(): { log: Logger; lines: object[] } {
  const lines: object[] = [];
  const log: Logger = { ...silentLogger(), audit: (_level, _msg, data) => void lines.push(data), withTag: () => log };
  return { log, lines };
}

test('syncPass through a port: scan, hash, temp sweep, trash purge and execute all call it', async () => {
  const dir = makeTmp('sw-pass-port-');
  try {
    const { root, config } = setup(dir);
    const fs = faultyFs(caseInsensitive(nodeFs()));
    const audit = auditRecorder();
    const report = await syncPass(config, { fs: { left: fs, right: fs }, log: audit.log });
    assert.equal(report.exitCode, 0, JSON.stringify(report.results));
    const saw = (op: string, rel: string) => fs.calls.some((c) => c.op === op && (c.path === join(dir, rel) || c.to === join(dir, rel)));
    assert.ok(saw('readdir', 'left/Docs'), 'the scan lists through the port');
    assert.ok(saw('readStream', 'left/Docs/a.txt'), 'the hasher reads through the port');
    assert.ok(saw('unlink', 'left/Docs/.syncwarden-tmp-deadbeef'), 'the temp sweep removes through the port');
    assert.ok(saw('rmdir', 'right/.sync_trash/20200101-000000'), 'the purge removes through the port');
    assert.ok(saw('copyFile', 'left/Docs/a.txt'), 'the executor copies through the port');
    assert.equal(readFileSync(root('right', 'Docs', 'a.txt'), 'utf8'), 'from left');
    assert.deepEqual(readdirSync(root('right', '.Sync_Trash')), [], 'the trash folder in another case is the trash folder');
    assert.ok(!existsSync(root('left', 'Docs', '.syncwarden-tmp-deadbeef')));
    const purged = audit.lines.filter((l) => (l as { action?: string }).action === 'purge');
    assert.deepEqual(purged.map((l) => { const { side, path } = l as { side: string; path: string }; return [side, path]; }), [['right', '.sync_trash/20200101-000000']],
      'a purge through the port is an audit line');
  } finally {
    removeTmp(dir);
  }
});

test('syncPass on the case-sensitive disk: a trash folder in another case is not the trash folder', async () => {
  const dir = makeTmp('sw-pass-port-');
  try {
    const { root, config } = setup(dir);
    assert.equal((await syncPass(config)).exitCode, 0);
    assert.deepEqual(readdirSync(root('right', '.Sync_Trash')), ['20200101-000000']);
  } finally {
    removeTmp(dir);
  }
});
