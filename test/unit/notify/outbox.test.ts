import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertKey, ALERT_REPEAT_MS, clearAlertMark, readAlertMark, shouldAlert, writeAlertMark } from '../../../src/notify/alert-gate.js';
import { smtpAuth, smtpPassword, transportOptions, MailSetupError, type SmtpSettings } from '../../../src/notify/mail.js';
import { backoffMs, Outbox, outboxName } from '../../../src/notify/outbox.js';
import type { MailMessage } from '../../../src/notify/types.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const MIN = 60_000;
const message: MailMessage = { subject: 's', text: 't', html: 'h', from: 'f@x', to: ['a@b'], headers: {} };
const smtp: SmtpSettings = { host: 'h', port: 25, secure: false, user: null, passwordEnv: 'SW_PW', passwordFile: null, timeoutMs: 500 };

test('backoffMs doubles from a minute and stops at six hours', () => {
  const rows: [number, number][] = [[0, MIN], [1, MIN], [2, 2 * MIN], [3, 4 * MIN], [9, 256 * MIN], [10, 360 * MIN], [50, 360 * MIN]];
  for (const [attempts, want] of rows) assert.equal(backoffMs(attempts), want, `attempts ${attempts}`);
});

test('outboxName sorts by creation time', () => {
  assert.equal(outboxName(new Date('2026-11-25T07:01:02.345Z'), 'ab12'), '20261125T070102345Z-ab12.json');
});

test('Outbox: put writes a whole file, failed reschedules, delivered removes', async () => {
  const dir = makeTmp('sw-outbox-');
  try {
    const box = new Outbox(join(dir, 'outbox'));
    const now = new Date('2026-11-25T07:00:00Z');
    const entry = await box.put('summary', 'run-1', message, now);
    assert.deepEqual(readdirSync(box.dir), [entry.file]);
    const failed = await box.failed(entry, 'ESOCKET: connect ECONNREFUSED', now);
    assert.equal(failed.attempts, 1);
    assert.equal(failed.nextTryAt, '2026-11-25T07:01:00.000Z');
    const again = await box.failed(failed, 'again', now);
    assert.equal(again.nextTryAt, '2026-11-25T07:02:00.000Z');
    const { entries, bad } = await box.list();
    assert.deepEqual(bad, []);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.attempts, 2);
    assert.equal(entries[0]!.lastError, 'again');
    assert.deepEqual(entries[0]!.message, message);
    writeFileSync(join(box.dir, 'zz-broken.json'), '{"trunc');
    assert.deepEqual((await box.list()).bad, ['zz-broken.json']);
    await box.delivered(entries[0]!);
    await box.delivered(entries[0]!);
    assert.deepEqual(readdirSync(box.dir), ['zz-broken.json']);
  } finally {
    removeTmp(dir);
  }
});

test('Outbox.lock: one holder at a time; a stale claim is taken over', async () => {
  const dir = makeTmp('sw-outbox-');
  try {
    const box = new Outbox(join(dir, 'outbox'));
    const release = await box.lock(60_000);
    assert.ok(release);
    assert.equal(await box.lock(60_000), null);
    const stolen = await box.lock(0);
    assert.ok(stolen, 'a claim older than staleMs is taken over');
    await stolen();
    await release();
    assert.deepEqual(readdirSync(box.dir), []);
  } finally {
    removeTmp(dir);
  }
});

test('smtpPassword: passwordFile (first line, BOM and newline dropped) wins over passwordEnv', () => {
  const dir = makeTmp('sw-pw-');
  try {
    const file = join(dir, 'pw.txt');
    writeFileSync(file, '\uFEFFs3cret pass\r\nsecond line\n');
    assert.equal(smtpPassword({ ...smtp, passwordFile: file }, { SW_PW: 'env' }), 's3cret pass');
    assert.equal(smtpPassword(smtp, { SW_PW: 'env' }), 'env');
    assert.equal(smtpPassword(smtp, {}), null);
    assert.equal(smtpPassword(smtp, { SW_PW: '' }), null);
    assert.throws(() => smtpPassword({ ...smtp, passwordFile: join(dir, 'missing') }, {}), MailSetupError);
    assert.equal(readFileSync(file, 'utf8').length > 0, true);
  } finally {
    removeTmp(dir);
  }
});

test('smtpAuth: no user, no login; a user without a password is a setup error naming the variable', () => {
  assert.equal(smtpAuth(smtp, { SW_PW: 'x' }), undefined);
  assert.deepEqual(smtpAuth({ ...smtp, user: 'u' }, { SW_PW: 'x' }), { user: 'u', pass: 'x' });
  assert.throws(() => smtpAuth({ ...smtp, user: 'u' }, {}), /SW_PW is not set/);
});

test('transportOptions: time-outs bounded by timeoutMs, socket 3x', () => {
  const o = transportOptions(smtp, {});
  assert.deepEqual([o.connectionTimeout, o.greetingTimeout, o.dnsTimeout, o.socketTimeout], [500, 500, 500, 1500]);
  assert.equal('auth' in o, false);
  assert.equal(o.requireTLS, false);
});

test('transportOptions: a login is sent only over TLS, except to a relay on this machine', () => {
  const rows: [Partial<SmtpSettings>, boolean][] = [
    [{ host: 'smtp.gmail.com', port: 587, secure: false }, true],
    [{ host: 'smtp.gmail.com', port: 465, secure: true }, false],
    [{ host: '127.0.0.1' }, false],
    [{ host: 'localhost' }, false],
  ];
  for (const [over, want] of rows) {
    assert.equal(transportOptions({ ...smtp, user: 'u', ...over }, { SW_PW: 'p' }).requireTLS, want, JSON.stringify(over));
  }
});

test('shouldAlert: a new cause at once; the same cause again only after ALERT_REPEAT_MS', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const mark = { key: alertKey('rootMissing', 'right'), sentAt: '2026-11-25T10:00:00Z' };
  const rows: [string, boolean, typeof mark | null, string][] = [
    ['no alert yet', true, null, 'rootMissing/right'],
    ['same cause 2 h ago', false, mark, 'rootMissing/right'],
    ['other side', true, mark, 'rootMissing/left'],
    ['other reason', true, mark, 'tooManyDeletes/right'],
    ['same cause 6 h ago', true, { ...mark, sentAt: new Date(now.getTime() - ALERT_REPEAT_MS).toISOString() }, 'rootMissing/right'],
    ['a mark from the future (clock changed)', true, { ...mark, sentAt: '2026-11-26T00:00:00Z' }, 'rootMissing/right'],
  ];
  for (const [description, want, m, key] of rows) assert.equal(shouldAlert(m, key, now), want, description);
});

test('alert marks: written, read back, cleared; unreadable means alert again', async () => {
  const dir = makeTmp('sw-alert-');
  try {
    const box = join(dir, 'outbox');
    assert.equal(await readAlertMark(box), null);
    await writeAlertMark(box, 'rootEmpty/left', new Date('2026-11-25T10:00:00Z'));
    assert.deepEqual(await readAlertMark(box), { key: 'rootEmpty/left', sentAt: '2026-11-25T10:00:00.000Z' });
    assert.deepEqual((await new Outbox(box).list()).entries, [], 'the mark is not a message');
    await clearAlertMark(box);
    assert.equal(await readAlertMark(box), null);
  } finally {
    removeTmp(dir);
  }
});
