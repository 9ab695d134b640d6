import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cli } from '../support/cli.js';
import { until, writeConfig } from '../support/service.js';
import { makeTmp, removeTmp } from '../support/tmp.js';
import { http, openWebWorld, POST_HEADERS, type WebWorld } from '../support/web-world.js';

async function inSync(w: WebWorld): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    const s = await http(`${w.url}/api/status`);
    if (s.body.inSync) return true;
    await sleep(50);
  }
  return false;
}

test('the page and its API over real HTTP: status, conflicts, resolve between passes, explain, history', async () => {
  const w = await openWebWorld('sw-e2e-web-');
  try {
    const page = await http(`${w.url}/`);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.match(page.body, /<script src="\/ui\/app.js" defer>/);
    assert.equal((await http(`${w.url}/ui/app.js`)).status, 200);

    const status = (await http(`${w.url}/api/status`)).body;
    assert.equal(status.inSync, false);
    assert.match(status.summary, /^not in sync: .*1 open conflict/);
    assert.deepEqual(Object.keys(status.backlog), ['paths', 'running', 'small', 'large']);

    const { conflicts } = (await http(`${w.url}/api/conflicts`)).body;
    assert.deepEqual(conflicts.map((c: any) => [c.path, c.rule, c.option, c.newer, c.left.size, c.right.size]), [['doc.txt', 'bothChanged', 'option3', 'right', 9, 18]]);

    const explained = (await http(`${w.url}/api/explain?path=doc.txt`)).body;
    assert.equal(explained.found, true);
    assert.match(explained.text, /^path: doc\.txt\n/);
    assert.match(explained.text, /facts: left modified, right modified/);
    assert.equal((await http(`${w.url}/api/explain`)).status, 400);

    const bad = await http(`${w.url}/api/resolve`, { method: 'POST', headers: POST_HEADERS, body: { path: 'doc.txt', keep: 'middle' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /keep: expected left, right or both/);
    const notOpen = await http(`${w.url}/api/resolve`, { method: 'POST', headers: POST_HEADERS, body: { path: 'notes.txt', keep: 'left' } });
    assert.equal(notOpen.status, 400);
    assert.match(notOpen.body.error, /an open conflict/);

    const settled = await http(`${w.url}/api/resolve`, { method: 'POST', headers: POST_HEADERS, body: { path: 'doc.txt', keep: 'left' } });
    assert.equal(settled.status, 200, JSON.stringify(settled.body));
    assert.equal(settled.body.ok, true);
    assert.equal(settled.body.conflict.settledBy, 'resolve --keep left');
    assert.equal(readFileSync(join(w.right, 'doc.txt'), 'utf8'), 'left edit');
    assert.deepEqual((await http(`${w.url}/api/conflicts`)).body.conflicts, []);
    assert.ok(await inSync(w), 'the service turns in sync once the resolve is settled');

    const { entries } = (await http(`${w.url}/api/history?limit=100`)).body;
    const copy = entries.find((e: any) => e.action === 'copy' && e.path === 'doc.txt' && e.rule === 'resolve#keep-left');
    assert.ok(copy, JSON.stringify(entries.map((e: any) => e.msg)));
    assert.match(copy.runId, /^resolve-/);
    assert.equal(copy.cells[1], 'copy');
    assert.ok(entries.every((e: any, i: number) => i === 0 || entries[i - 1].t >= e.t), 'newest first');

    const listed = (await http(`${w.url}/api/versions?path=notes.txt`)).body.versions;
    assert.deepEqual(listed.map((v: any) => [v.path, v.side, v.reason, v.size]), [['notes.txt', 'right', 'overwritten', 8]]);
    const all = (await http(`${w.url}/api/versions`)).body.versions;
    assert.deepEqual(all.map((v: any) => v.path).sort(), ['doc.txt', 'notes.txt'], 'the resolve trashed the right doc.txt: a version too');
    assert.equal((await http(`${w.url}/api/restore`, { method: 'POST', headers: POST_HEADERS, body: { path: 'notes.txt', to: 'up' } })).status, 400);
    assert.equal((await http(`${w.url}/api/restore`, { method: 'POST', headers: POST_HEADERS, body: { path: 'nothing.txt' } })).status, 400);
    const restored = await http(`${w.url}/api/restore`, { method: 'POST', headers: POST_HEADERS, body: { path: 'notes.txt', version: listed[0].id } });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    assert.deepEqual(restored.body.steps.map((s: any) => [s.side, s.outcome, s.previous]), [['right', 'restored', 'trash']]);
    assert.equal(readFileSync(join(w.right, 'notes.txt'), 'utf8'), 'notes v1');
    // The next pass syncs the restore like an edit.
    await until(() => readFileSync(join(w.left, 'notes.txt'), 'utf8') === 'notes v1', 30_000, () => 'the left never got the restored notes.txt');
    assert.ok(await inSync(w));
  } finally {
    await w.close();
  }
});

test('the endpoint refuses a rebound Host name, a POST without the request header, and a foreign Origin; the CLI gets through', async () => {
  const w = await openWebWorld('sw-e2e-web-guard-');
  try {
    const port = new URL(w.url).port;
    const rebound = await http(`${w.url}/api/status`, { headers: { host: `evil.example:${port}` } });
    assert.equal(rebound.status, 403);
    assert.match(rebound.body.error, /Host evil\.example:\d+ is not a loopback name/);
    assert.equal((await http(`${w.url}/api/status`, { headers: { host: `localhost:${port}` } })).status, 200);

    const plain = await http(`${w.url}/api/resolve`, { method: 'POST', body: { path: 'doc.txt', keep: 'left' } });
    assert.equal(plain.status, 403);
    assert.match(plain.body.error, /needs the x-syncwarden-request header/);
    const foreign = await http(`${w.url}/api/resolve`, { method: 'POST', headers: { ...POST_HEADERS, origin: 'http://evil.example' }, body: { path: 'doc.txt', keep: 'left' } });
    assert.equal(foreign.status, 403);
    assert.equal((await http(`${w.url}/resync`, { method: 'POST', body: { paths: ['doc.txt'] } })).status, 403);

    // Nothing was settled: the conflict is still open and both edits are where they were.
    assert.equal((await http(`${w.url}/api/conflicts`)).body.conflicts.length, 1);
    assert.equal(readFileSync(join(w.right, 'doc.txt'), 'utf8'), 'right edit, longer');
    // The CLI still reaches the service (it sends the header).
    const resync = cli(['resync', 'notes.txt', '--json', '--config', w.config]);
    assert.equal(resync.code, 0, resync.stderr);
    assert.equal(JSON.parse(resync.stdout).through, 'service');
    // So does `resolve`: the service settles the conflict between its passes (its state is locked for any other).
    const resolved = cli(['resolve', 'doc.txt', '--keep', 'right', '--json', '--config', w.config]);
    assert.equal(resolved.code, 0, resolved.stderr);
    assert.deepEqual([JSON.parse(resolved.stdout).through, JSON.parse(resolved.stdout).conflict.settledBy], ['service', 'resolve --keep right']);
    assert.equal(readFileSync(join(w.left, 'doc.txt'), 'utf8'), 'right edit, longer');
    const again = cli(['resolve', 'doc.txt', '--keep', 'right', '--config', w.config]);
    assert.equal(again.code, 2, 'no open conflict left: bad input, as without a service');
    assert.match(again.stderr, /expected the path of an open conflict/);
  } finally {
    await w.close();
  }
});

test('a resolve from the page waits for the running pass: it never runs during one', async () => {
  const dir = makeTmp('sw-e2e-web-hold-');
  const hold = join(dir, 'hold');
  const w = await openWebWorld('sw-e2e-web-held-', '', { SYNCWARDEN_TEST_HOLD_AFTER_SCAN: hold });
  try {
    rmSync(`${hold}.reached`, { force: true });
    writeFileSync(hold, '');
    writeFileSync(join(w.left, 'extra.txt'), 'made during the test');
    await until(() => existsSync(`${hold}.reached`), 30_000, () => 'no pass reached the hold');
    let answered = false;
    const settled = http(`${w.url}/api/resolve`, { method: 'POST', headers: POST_HEADERS, body: { path: 'doc.txt', keep: 'left' } }).finally(() => (answered = true));
    // Long enough for a resolve that did not wait to be done; the held pass cannot end meanwhile.
    await sleep(1500);
    assert.equal(answered, false, 'the resolve answered while a pass was running');
    assert.equal(readFileSync(join(w.right, 'doc.txt'), 'utf8'), 'right edit, longer');
    rmSync(hold);
    const r = await settled;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(readFileSync(join(w.right, 'doc.txt'), 'utf8'), 'left edit');
    // In the log every line of the held pass comes before the resolve's action. The held pass is whichever
    // reached the hold (its run id is in the .reached file): not always the one that copies extra.txt, as a pass
    // that listed before that file was written can reach the hold first.
    const held = readFileSync(`${hold}.reached`, 'utf8');
    const lines = readFileSync(join(w.dir, 'logs', 'syncwarden.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const lastHeld = lines.findLastIndex((l) => l.runId === held);
    const resolve = lines.findIndex((l) => l.data?.event === 'action' && l.data.path === 'doc.txt' && l.data.rule === 'resolve#keep-left');
    assert.ok(held !== '' && lastHeld >= 0 && resolve > lastHeld, `held run ${held}: its last line ${lastHeld}, resolve line ${resolve}`);
  } finally {
    rmSync(hold, { force: true });
    await w.close();
    removeTmp(dir);
  }
});

test('run refuses a non-loopback health.host without a token (exit 2, the field named)', () => {
  const dir = makeTmp('sw-e2e-web-host-');
  try {
    const config = writeConfig(dir, "health: { host: '0.0.0.0', port: 0, tokenEnv: 'SW_TEST_NO_SUCH_TOKEN' }, ");
    const r = cli(['run', '--config', config]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /health\.host: expected a loopback address, or a token in the environment variable SW_TEST_NO_SUCH_TOKEN/);
    const short = cli(['run', '--config', config], undefined, { SW_TEST_NO_SUCH_TOKEN: 'short' });
    assert.equal(short.code, 2);
    assert.match(short.stderr, /health\.tokenEnv: expected a token of at least 16 characters/);
  } finally {
    removeTmp(dir);
  }
});

// A peer that is not loopback: this machine's own non-loopback address, when it has one.
const outside = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

test('bound to all addresses with a token: 401 from another address without it, 200 with it; loopback needs none', { skip: outside ? false : 'this machine has no non-loopback IPv4 address to connect from' }, async () => {
  const token = 'a-test-token-of-32-characters-xx';
  const w = await openWebWorld('sw-e2e-web-token-', "health: { host: '0.0.0.0', port: 0, tokenEnv: 'SW_TEST_HEALTH_TOKEN' }, ", { SW_TEST_HEALTH_TOKEN: token });
  try {
    assert.equal(new URL(w.url).hostname, '127.0.0.1', 'service.json names the loopback address for a wildcard bind');
    const far = `http://${outside}:${new URL(w.url).port}`;
    const none = await http(`${far}/api/status`);
    assert.equal(none.status, 401);
    assert.match(none.body.error, /a token is required from another machine/);
    assert.equal((await http(`${far}/health`)).status, 401);
    assert.equal((await http(`${far}/api/status`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
    const ok = await http(`${far}/api/status`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.inSync, false);
    // The page's files hold no data: a browser elsewhere loads them to ask for the token.
    assert.equal((await http(`${far}/`)).status, 200);
    // With the token a POST needs no request header (a cross-site page cannot know the token).
    const resolved = await http(`${far}/api/resolve`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { path: 'doc.txt', keep: 'right' } });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(readFileSync(join(w.left, 'doc.txt'), 'utf8'), 'right edit, longer');
    assert.equal((await http(`${w.url}/api/status`)).status, 200, 'loopback needs no token');
    const status = cli(['status', '--json', '--config', w.config]);
    assert.equal(JSON.parse(status.stdout).service !== null, true, status.stdout);
  } finally {
    await w.close();
  }
});

