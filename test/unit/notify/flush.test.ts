import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafetyStop } from '../../../src/model/errors.js';
import { silentLogger } from '../../../src/ports/log.js';
import { flushOutbox, outboxOf } from '../../../src/notify/flush.js';
import { notifyPass, notifySafetyStop } from '../../../src/notify/notifier.js';
import { configFor, recordingLog, report, withDir } from '../../support/notify.js';
import { closedPort, headerOf, startMute, startSmtp } from '../../support/smtp.js';

test('notifyPass (mode both): a conflict mail and a summary arrive, tagged with the run id; the outbox ends empty', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    const config = configFor(dir, smtp.port);
    const result = await notifyPass(config, report, { log: silentLogger(), host: 'testhost' });
    assert.deepEqual(result, { sent: 2, failed: 0, setAside: 0, waiting: 0 });
    const [one, two] = await smtp.waitFor(2);
    assert.match(one!.mail.subject ?? '', /conflict bothChanged/);
    assert.match(two!.mail.subject ?? '', /sync done: 1 conflict/);
    assert.equal(headerOf(one!.mail, 'X-Syncwarden-Run'), 'run-42');
    assert.deepEqual(one!.rcptTo, ['admin@office.test']);
    assert.match(String(one!.mail.html), /<table/);
    assert.deepEqual(readdirSync(outboxOf(config).dir), []);
  } finally {
    await smtp.close();
  }
}));

test('a closed port: the send fails fast, is logged with its cause and stays in the outbox', () => withDir(async (dir) => {
  const log = recordingLog();
  const down = configFor(dir, await closedPort());
  const t0 = performance.now();
  const first = await notifySafetyStop(down, new SafetyStop('rootMissing', 'right root /p is missing', { side: 'right', path: '/p' }), 'run-7', { log });
  assert.ok(performance.now() - t0 < 1000);
  assert.deepEqual(first, { sent: 0, failed: 1, setAside: 0, waiting: 1 });
  assert.ok(log.lines.some((l) => /^error mail not sent: .*SAFETY STOP.*ECONNREFUSED.*tried again after/.test(l)), log.lines.join('\n'));
  const [entry] = (await outboxOf(down).list()).entries;
  assert.deepEqual([entry!.attempts, entry!.kind], [1, 'alert']);
}));

test('a server that never greets: the flush gives up within 2 x timeoutMs; the next flush, in backoff, costs nothing', () => withDir(async (dir) => {
  const mute = await startMute();
  try {
    const config = configFor(dir, mute.port, { smtp: { timeoutMs: 300 } });
    const t0 = performance.now();
    const result = await notifyPass(config, report, { log: silentLogger() });
    const ms = performance.now() - t0;
    assert.deepEqual(result, { sent: 0, failed: 1, setAside: 0, waiting: 2 });
    // Bounded by the time-outs, not nodemailer's minutes-long defaults (slack for a loaded machine).
    assert.ok(ms < 2 * 300 + 3000, `took ${ms} ms`);
    await notifyPass(config, report, { log: silentLogger() });
    assert.equal(mute.connections(), 1, 'the pass during the backoff opens no connection');
  } finally {
    await mute.close();
  }
}));

test('auth: the password comes from the variable named by passwordEnv; without it nothing is sent and the cause is logged', () => withDir(async (dir) => {
  const smtp = await startSmtp({ user: 'office', pass: 'app-password' });
  try {
    const config = configFor(dir, smtp.port, { smtp: { user: 'office', passwordEnv: 'SW_TEST_PW' } });
    const log = recordingLog();
    assert.deepEqual(await notifyPass(config, report, { log, env: {} }), { sent: 0, failed: 1, setAside: 0, waiting: 2 });
    assert.ok(log.lines.some((l) => /SW_TEST_PW is not set/.test(l)), log.lines.join('\n'));
    const later = () => new Date(Date.now() + 61_000);
    assert.deepEqual(await flushOutbox(config, { log, now: later, env: { SW_TEST_PW: 'wrong' } }), { sent: 0, failed: 1, setAside: 0, waiting: 2 });
    assert.ok(log.lines.some((l) => /EAUTH/.test(l)), log.lines.join('\n'));
    const muchLater = () => new Date(Date.now() + 3_600_000);
    assert.deepEqual(await flushOutbox(config, { log, now: muchLater, env: { SW_TEST_PW: 'app-password' } }), { sent: 2, failed: 0, setAside: 0, waiting: 0 });
    assert.deepEqual(smtp.received.map((r) => r.user), ['office', 'office']);
  } finally {
    await smtp.close();
  }
}));

test('notify never throws: an unwritable outbox is logged; disabled or recipient-less email sends nothing', () => withDir(async (dir) => {
  const log = recordingLog();
  const config = configFor(dir, 1);
  const disabled = configFor(dir, 1, { enabled: false });
  // Neither loads from a file any more (config/placement.ts); notify must still cope when handed one.
  const nobody = { ...config, email: { ...config.email, to: [] } };
  writeFileSync(join(dir, 'state'), 'a file where the state folder should be');
  assert.equal(await notifyPass(config, report, { log }), null);
  assert.ok(log.lines.some((l) => /^error notification failed/.test(l)));
  assert.equal(await notifyPass(disabled, report, { log }), null);
  assert.equal(await notifyPass(nobody, report, { log }), null);
  assert.ok(log.lines.some((l) => /email\.to is empty/.test(l)));
}));

test('a stop that persists is mailed once, not on every retry; after a pass got through, the next stop is mailed again', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    const config = configFor(dir, smtp.port, { mode: 'perEvent' });
    const stop = new SafetyStop('rootEmpty', 'the right root is empty', { side: 'right', examples: [] });
    const log = recordingLog();
    assert.equal((await notifySafetyStop(config, stop, 'run-1', { log }))?.sent, 1);
    assert.equal((await notifySafetyStop(config, stop, 'run-2', { log }))?.sent, 0);
    assert.ok(log.lines.some((l) => /rootEmpty\/right was already mailed/.test(l)));
    await notifyPass(config, { ...report, conflicts: [] }, { log });
    assert.equal((await notifySafetyStop(config, stop, 'run-3', { log }))?.sent, 1);
    assert.deepEqual(smtp.received.map((r) => headerOf(r.mail, 'X-Syncwarden-Run')), ['run-1', 'run-3']);
  } finally {
    await smtp.close();
  }
}));
