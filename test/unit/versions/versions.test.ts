import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { purgeTrash } from '../../../src/app/trash-purge.js';
import { resolveConfig } from '../../../src/config/load.js';
import type { ActionResult, CopyAction, DeleteAction } from '../../../src/model/action.js';
import { silentLogger } from '../../../src/ports/log.js';
import { nodeFsSides } from '../../../src/ports/node-fs.js';
import { caseInsensitive } from '../../../src/ports/case-insensitive-fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import { allEntries, appendEntries, entriesOf, VERSIONS_DIR, versionId, type CatalogEntry } from '../../../src/versions/catalog.js';
import { listVersions, pickVersion } from '../../../src/versions/list.js';
import { catalogEntryOf } from '../../../src/versions/record.js';
import { findByKey } from '../../../src/versions/restore.js';
import type { Version } from '../../../src/versions/types.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const AT = new Date('2026-11-25T08:12:03.000Z');

function entry(over: Partial<CatalogEntry>): CatalogEntry {
  const side = over.side ?? 'right';
  const trashPath = over.trashPath ?? `.sync_trash/${over.stamp ?? '20261125-091203'}/${over.path ?? 'a.txt'}`;
  return {
    id: versionId(side, trashPath), key: 'a.txt', path: 'a.txt', side, trashPath, stamp: '20261125-091203', ts: AT.toISOString(),
    size: 2, mtimeMs: 1_700_000_000_000, reason: 'deleted', run: 'r1', rule: 'default.json5#deletedLeft', ...over,
  };
}

function withWorld(fn: (dir: string, config: ReturnType<typeof resolveConfig>) => Promise<void> | void) {
  return async () => {
    const dir = makeTmp('sw-versions-');
    try {
      mkdirSync(join(dir, 'left'));
      mkdirSync(join(dir, 'right'));
      const config = resolveConfig({ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs', level: 'silent' }, softDelete: { retentionDays: 30 } }, join(dir, 'config.json5'));
      await fn(dir, config);
    } finally {
      removeTmp(dir);
    }
  };
}

test('the id of a version is stable: the same side and trash path give the same 12 hex digits', () => {
  assert.equal(versionId('right', '.sync_trash/20261125-091203/a.txt'), versionId('right', '.sync_trash/20261125-091203/a.txt'));
  assert.notEqual(versionId('right', '.sync_trash/20261125-091203/a.txt'), versionId('left', '.sync_trash/20261125-091203/a.txt'));
  assert.match(versionId('left', 'x'), /^[0-9a-f]{12}$/);
});

test('catalogEntryOf: a trashed delete is "deleted", an overwrite "overwritten", a newerWins loser "conflict loser"; no trash, no version', () => {
  const del: DeleteAction = { kind: 'delete', key: 'docs/a.txt', ruleId: 'r', reason: '', side: 'right', rel: 'Docs/a.txt', expect: { type: 'file', size: 5, mtimeMs: 7 }, trash: true };
  const ok = (action: ActionResult['action'], trashedTo?: string): ActionResult => ({ action, ok: true, observed: [], ...(trashedTo ? { trashedTo } : {}) });
  const e = catalogEntryOf(ok(del, '.sync_trash/20261125-091203/Docs/a.txt'), true, AT, 'run-1');
  assert.deepEqual(e && [e.key, e.path, e.side, e.stamp, e.size, e.mtimeMs, e.reason, e.run, e.ts], ['docs/a.txt', 'Docs/a.txt', 'right', '20261125-091203', 5, 7, 'deleted', 'run-1', AT.toISOString()]);
  assert.equal(catalogEntryOf(ok(del), true, AT, null), null, 'deleted for good: no version');
  assert.equal(catalogEntryOf({ ...ok(del, 'x/y/z'), ok: false }, true, AT, null), null);
  const copy: CopyAction = {
    kind: 'copy', key: 'a.txt', ruleId: 'r', reason: '', from: 'left', srcRel: 'a.txt', dstRel: 'a.txt', size: 9,
    expectSrc: { type: 'file', size: 9, mtimeMs: 9 }, expectDst: { type: 'file', size: 3, mtimeMs: 3 }, trashOverwritten: true,
  };
  assert.deepEqual(catalogEntryOf(ok(copy, '.sync_trash/20261125-091203/a.txt'), true, AT, null)?.reason, 'overwritten');
  assert.deepEqual(catalogEntryOf(ok(copy, '.sync_trash/20261125-091203/a.txt'), true, AT, null)?.side, 'right', "the target's trash");
  assert.deepEqual(catalogEntryOf(ok({ ...copy, conflictLoser: true }, '.sync_trash/20261125-091203/a.txt'), true, AT, null)?.reason, 'conflict loser');
});

test('the index: one shard read per key, a line torn by a crash skipped, the next append not swallowed by it', withWorld((dir, config) => {
  appendEntries(config.stateDir, [entry({ key: 'a.txt' }), entry({ key: 'b.txt', path: 'b.txt' })]);
  const shards = readdirSync(join(config.stateDir, VERSIONS_DIR));
  assert.ok(shards.every((n) => /^[0-9a-f]{2}\.jsonl$/.test(n)));
  const shardOfA = shards.find((n) => readFileSync(join(config.stateDir, VERSIONS_DIR, n), 'utf8').includes('"key":"a.txt"'))!;
  appendFileSync(join(config.stateDir, VERSIONS_DIR, shardOfA), '{"id":"torn","key":"a.t');
  appendEntries(config.stateDir, [entry({ key: 'a.txt', stamp: '20261126-000000', trashPath: '.sync_trash/20261126-000000/a.txt' })]);
  assert.deepEqual(entriesOf(config.stateDir, 'a.txt').map((e) => e.stamp), ['20261125-091203', '20261126-000000']);
  assert.equal(allEntries(config.stateDir).length, 3);
  void dir;
}));

test('listVersions lists what is still in the trash, newest first, and drops what is gone', withWorld(async (dir, config) => {
  const put = (side: string, stamp: string, text: string) => {
    mkdirSync(join(dir, side, '.sync_trash', stamp), { recursive: true });
    writeFileSync(join(dir, side, '.sync_trash', stamp, 'a.txt'), text);
  };
  put('right', '20261125-091203', 'v1');
  put('left', '20261126-100000', 'v22');
  appendEntries(config.stateDir, [
    entry({}),
    entry({ side: 'left', stamp: '20261126-100000', trashPath: '.sync_trash/20261126-100000/a.txt', ts: '2026-11-26T09:00:00.000Z', reason: 'overwritten' }),
    entry({ stamp: '20261127-000000', trashPath: '.sync_trash/20261127-000000/a.txt', ts: '2026-11-27T00:00:00.000Z' }),
  ]);
  const versions = await listVersions({ config }, 'A.TXT');
  assert.deepEqual(versions.map((v) => [v.side, v.stamp, v.size, v.reason]), [['left', '20261126-100000', 3, 'overwritten'], ['right', '20261125-091203', 2, 'deleted']]);
  assert.equal(versions[1].expires, new Date(2026, 11, 25, 9, 12, 3).toISOString(), '30 days after the local stamp');
  // Through the case-insensitive port: the same answer.
  const ci = { left: caseInsensitive(nodeFs()), right: caseInsensitive(nodeFs()) };
  assert.deepEqual((await listVersions({ config, fs: ci }, 'a.txt')).map((v) => v.id), versions.map((v) => v.id));
}));

test('the trash purge removes the versions of the folders it removes from the index', withWorld(async (dir, config) => {
  for (const stamp of ['20200101-000000', '20261125-091203']) {
    mkdirSync(join(dir, 'right', '.sync_trash', stamp), { recursive: true });
    writeFileSync(join(dir, 'right', '.sync_trash', stamp, 'a.txt'), 'v');
  }
  appendEntries(config.stateDir, [entry({ stamp: '20200101-000000', trashPath: '.sync_trash/20200101-000000/a.txt' }), entry({})]);
  const purged = await purgeTrash(config, new Date(2026, 11, 1), silentLogger(), nodeFsSides());
  assert.equal(purged, 1);
  assert.deepEqual(allEntries(config.stateDir).map((e) => e.stamp), ['20261125-091203']);
}));

test('pickVersion: by id, unique id prefix, stamp, ISO time or local time; none or several is an InputError naming --version', () => {
  const v = (id: string, stamp: string, ts: string) => ({ id, stamp, ts, side: 'right', reason: 'deleted' }) as Version;
  const list = [v('aaaa11112222', '20261126-100000', '2026-11-26T09:00:00.000Z'), v('bbbb11112222', '20261125-091203', '2026-11-25T08:12:03.000Z')];
  assert.equal(pickVersion(list, undefined, 'a.txt').id, 'aaaa11112222', 'the newest');
  assert.equal(pickVersion(list, 'bbbb11112222', 'a.txt').id, 'bbbb11112222');
  assert.equal(pickVersion(list, 'bbbb', 'a.txt').id, 'bbbb11112222');
  assert.equal(pickVersion(list, '20261125-091203', 'a.txt').id, 'bbbb11112222');
  assert.equal(pickVersion(list, '2026-11-26T09:00:00.000Z', 'a.txt').id, 'aaaa11112222');
  const local = new Date('2026-11-25T08:12:03.000Z');
  const p = (n: number) => String(n).padStart(2, '0');
  assert.equal(pickVersion(list, `${local.getFullYear()}-${p(local.getMonth() + 1)}-${p(local.getDate())} ${p(local.getHours())}:${p(local.getMinutes())}`, 'a.txt').id, 'bbbb11112222');
  assert.throws(() => pickVersion(list, 'cccc', 'a.txt'), (err: any) => err.errors[0].field === '--version');
  assert.throws(() => pickVersion(list, '2026-11-2', 'a.txt'), (err: any) => /2 match/.test(err.message));
  assert.throws(() => pickVersion([], undefined, 'a.txt'), (err: any) => err.errors[0].field === 'PATH');
});

test('findByKey gives the spelling the disk has, also through the case-insensitive port (NTFS finds any spelling by stat)', withWorld(async (dir) => {
  mkdirSync(join(dir, 'right', 'DOCS'));
  writeFileSync(join(dir, 'right', 'DOCS', 'Report.txt'), 'x');
  const root = join(dir, 'right');
  for (const fs of [nodeFs(), caseInsensitive(nodeFs())]) {
    const hit = await findByKey(fs, root, 'docs/report.txt', true);
    assert.equal(hit.rel, 'DOCS/Report.txt');
    assert.equal(hit.stat?.type, 'file');
    assert.deepEqual(await findByKey(fs, root, 'docs/new.txt', true), { rel: 'DOCS/new.txt', stat: null }, 'a missing name keeps the wanted spelling, in the folder as spelled');
  }
  assert.deepEqual(await findByKey(nodeFs(), root, 'docs/report.txt', false), { rel: 'docs/report.txt', stat: null }, 'case-sensitive: another name');
}));
