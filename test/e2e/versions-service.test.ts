import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { read, RunningService, trashed, until, writeConfig } from '../support/service.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

test('with the service running: versions lists what it trashed, restore goes through it, and it syncs the restored file to the other side', async () => {
  const dir = makeTmp('sw-e2e-versions-svc-');
  let service: RunningService | null = null;
  try {
    for (const side of ['left', 'right']) mkdirSync(join(dir, side));
    for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(dir, 'left', name), name);
    writeFileSync(join(dir, 'left', 'doc.txt'), 'the only copy');
    const config = writeConfig(dir);
    service = await RunningService.start(config, join(dir, 'state'));
    await until(() => read(join(dir, 'right', 'doc.txt')) === 'the only copy', 15_000, () => 'first sync');

    rmSync(join(dir, 'left', 'doc.txt'));
    await until(() => trashed(join(dir, 'right')).includes('doc.txt') && !existsSync(join(dir, 'right', 'doc.txt')), 15_000, () => `delete synced: ${service!.stderr}`);
    const listed = cli(['versions', 'doc.txt', '--json', '--config', config]);
    assert.equal(listed.code, 0, listed.stderr);
    const [v] = JSON.parse(listed.stdout).versions;
    assert.deepEqual([v.side, v.reason], ['right', 'deleted']);
    const viaHttp = await service.get('/versions?path=doc.txt');
    assert.equal(viaHttp.status, 200);
    assert.deepEqual(viaHttp.body.versions.map((x: { id: string }) => x.id), [v.id]);

    const bad = await fetch(`${service.info!.url}/restore`, { method: 'POST', body: JSON.stringify({ path: 'doc.txt', version: 'nope' }), headers: { 'content-type': 'application/json', 'x-syncwarden-request': 'test' } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { errors: { field: string }[] }).errors[0].field, '--version');
    assert.equal(cli(['restore', 'doc.txt', '--version', 'nope', '--config', config]).code, 2, 'a bad version through the service is exit 2 too');

    const r = cli(['restore', 'doc.txt', '--json', '--config', config]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.through, 'service');
    assert.deepEqual(out.steps.map((s: { side: string; outcome: string }) => [s.side, s.outcome]), [['right', 'restored']]);
    assert.equal(read(join(dir, 'right', 'doc.txt')), 'the only copy');
    await until(() => read(join(dir, 'left', 'doc.txt')) === 'the only copy', 15_000, () => `restored file synced to left: ${service!.stderr}`);

    const history = JSON.parse(cli(['history', '--action', 'restore', '--json', '--config', config]).stdout);
    assert.equal(history.entries.length, 1);
    assert.equal((await service.stop()).code, 0);
    service = null;
  } finally {
    if (service) await service.stop().catch(() => undefined);
    removeTmp(dir);
  }
});
