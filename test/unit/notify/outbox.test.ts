import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { alertKey, ALERT_REPEAT_MS, clearAlertMark, readAlertMark, shouldAlert, writeAlertMark } from '../../../src/notify/alert-gate.js';
import { classifySendError, smtpAuth, smtpPassword, transportOptions, MailSetupError, type SendOutcome, type SmtpSettings } from '../../../src/notify/mail.js';
import { deliveryOrder, messageIdOf, Outbox, outboxName, type OutboxEntry } from '../../../src/notify/outbox.js';
import { nextRelayState, readRelay, relayBackoffMs, relayKey, relayLabel, relayWaitUntil, writeRelay } from '../../../src/notify/relay.js';
import type { MailMessage } from '../../../src/notify/types.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const MIN = 60_000;
const message: MailMessage = { subject: 's', text: 't', html: 'h', from: 'f@x', to: ['a@b'], headers: {} };
const smtp: SmtpSettings = { host: 'h', port: 25, secure: false, user: null, passwordEnv: 'SW_PW', passwordFile: null, timeoutMs: 500 };

test('relayBackoffMs doubles from a minute and stops at half an hour', () => {
  const rows: [number, number][] = [[0, MIN], [1, MIN], [2, 2 * MIN], [3, 4 * MIN], [5, 16 * MIN], [6, 30 * MIN], [50, 30 * MIN]];
  for (const [failures, want] of rows) assert.equal(relayBackoffMs(failures), want, `failures ${failures}`);
});

test('relay state: one per server and login; a wait is honoured until it ends, or when it is longer than any backoff', async () => {
  const now = new Date('2026-11-25T07:00:00Z');
  const key = relayKey({ host: 'smtp.gmail.com', port: 465, user: 'office.sync@gmail.com' });
  assert.equal(key, 'office.sync@gmail.com@smtp.gmail.com:465');
  assert.equal(relayLabel(key), 'smtp.gmail.com:465 as office.sync@gmail.com');
  assert.equal(relayLabel(relayKey({ host: '::1', port: 25, user: null })), '::1:25');
  const one = nextRelayState(null, key, 'ECONNREFUSED', now);
  assert.deepEqual([one.failures, one.since, one.nextTryAt], [1, now.toISOString(), '2026-11-25T07:01:00.000Z']);
  const two = nextRelayState(one, key, 'again', new Date('2026-11-25T07:01:00Z'));
  assert.deepEqual([two.failures, two.since, two.nextTryAt, two.lastError], [2, now.toISOString(), '2026-11-25T07:03:00.000Z', 'again']);
  assert.equal(nextRelayState(two, 'other@h:25', 'x', now).failures, 1, 'another server starts afresh');
  const rows: [string, Date, string, boolean][] = [
    ['during the backoff', new Date('2026-11-25T07:02:00Z'), key, true],
    ['backoff over', new Date('2026-11-25T07:03:00Z'), key, false],
    ['another server', new Date('2026-11-25T07:02:00Z'), '@other:25', false],
    ['the clock was set back by a day', new Date('2026-11-24T07:02:00Z'), key, false],
  ];
  for (const [description, at, k, waits] of rows) assert.equal(relayWaitUntil(two, k, at) !== null, waits, description);
  assert.equal(relayWaitUntil(null, key, now), null);
  const dir = makeTmp('sw-relay-');
  try {
    assert.equal(await readRelay(dir), null);
    await writeRelay(join(dir, 'outbox'), two);
    assert.deepEqual(await readRelay(join(dir, 'outbox')), two);
    assert.deepEqual((await new Outbox(join(dir, 'outbox')).list()).entries, [], 'the relay state is not a message');
  } finally {
    removeTmp(dir);
  }
});

test('classifySendError: only an answer to RCPT or DATA is about the message; no answer after the hand-over is unsure', () => {
  const rows: [string, object, SendOutcome][] = [
    ['550 mailbox unavailable', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 mailbox unavailable' }, 'refused'],
    ['552 too big, at the end of DATA', { code: 'EMESSAGE', command: 'DATA', responseCode: 552, response: '552 5.3.4 message too big' }, 'refused'],
    ['554 rejected as spam', { code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 5.7.1 looks like spam' }, 'refused'],
    ['451 try later', { code: 'EMESSAGE', command: 'DATA', responseCode: 451, response: '451 4.3.0 local error' }, 'deferred'],
    ['450 greylisted', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 450, response: '450 4.2.0 greylisted' }, 'deferred'],
    ['554 relay access denied (a login is missing)', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 554, response: '554 5.7.1 <a@b>: Relay access denied' }, 'server'],
    ['503 bad sequence', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 503, response: '503 5.5.1 need MAIL first' }, 'server'],
    ['553 sender refused (MAIL FROM)', { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 553, response: '553 5.7.1 sender not owned' }, 'server'],
    ['535 login refused', { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 5.7.8 bad credentials' }, 'server'],
    ['connection refused', { code: 'ESOCKET', command: 'CONN' }, 'server'],
    ['421 at the greeting', { code: 'EPROTOCOL', command: 'CONN', responseCode: 421, response: '421 busy' }, 'server'],
    ['time-out before the message went over', { code: 'ETIMEDOUT', deadline: true, handedOver: false }, 'server'],
    ['time-out after the message went over', { code: 'ETIMEDOUT', deadline: true, handedOver: true }, 'unsure'],
    ['connection dropped after the hand-over', { code: 'ECONNECTION', command: 'CONN', handedOver: true }, 'unsure'],
  ];
  for (const [description, err, want] of rows) assert.equal(classifySendError(Object.assign(new Error('x'), err)), want, description);
});

test('messageIdOf is stable per entry and uses the sender domain; deliveryOrder puts alerts first, then oldest first', () => {
  const entry = (file: string, kind: OutboxEntry['kind'], from = 'Sync <sync@office.test>'): OutboxEntry =>
    ({ id: 'ab12', file, kind, runId: null, createdAt: '', attempts: 0, message: { ...message, from } });
  assert.equal(messageIdOf(entry('20261125T070102345Z-ab12.json', 'summary')), '<20261125T070102345Z-ab12.syncwarden@office.test>');
  assert.equal(messageIdOf(entry('x-1.json', 'summary', 'nobody')), '<x-1.syncwarden@localhost>');
  const list = [entry('3.json', 'summary'), entry('4.json', 'alert'), entry('1.json', 'conflict'), entry('2.json', 'alert')];
  assert.deepEqual(list.sort(deliveryOrder).map((e) => e.file), ['2.json', '4.json', '1.json', '3.json']);
});

test('outboxName sorts by creation time, then by the order of queueing', () => {
  assert.equal(outboxName(new Date('2026-11-25T07:01:02.345Z'), 7, 'ab12'), '20261125T070102345Z-000007-ab12.json');
});

test('Outbox: messages queued in the same millisecond keep their order (the id after the time is random)', async () => {
  const dir = makeTmp('sw-outbox-');
  try {
    const box = new Outbox(join(dir, 'outbox'));
    const now = new Date('2026-11-25T07:00:00Z');
    const put: string[] = [];
    for (let i = 0; i < 30; i++) put.push((await box.put('conflict', 'run-1', { ...message, subject: `m${i}` }, now)).file);
    assert.deepEqual((await box.list()).entries.map((e) => e.message.subject), put.map((_, i) => `m${i}`));
  } finally {
    removeTmp(dir);
  }
});

test('Outbox: put writes a whole file, attempted records a try, setAside moves it to failed/, delivered removes', async () => {
  const dir = makeTmp('sw-outbox-');
  try {
    const box = new Outbox(join(dir, 'outbox'));
    const now = new Date('2026-11-25T07:00:00Z');
    const entry = await box.put('summary', 'run-1', message, now);
    assert.deepEqual(readdirSync(box.dir), [entry.file]);
    const tried = await box.attempted(entry, 'ESOCKET: connect ECONNREFUSED', now);
    assert.deepEqual([tried.attempts, tried.lastError, tried.unsure], [1, 'ESOCKET: connect ECONNREFUSED', undefined]);
    const again = await box.attempted(tried, 'ETIMEDOUT', now, true);
    assert.deepEqual(again.unsure, { at: now.toISOString(), cause: 'ETIMEDOUT' });
    const { entries, bad } = await box.list();
    assert.deepEqual(bad, []);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.attempts, 2);
    assert.deepEqual(entries[0]!.message, message);
    writeFileSync(join(box.dir, 'zz-broken.json'), '{"trunc');
    assert.deepEqual((await box.list()).bad, ['zz-broken.json']);
    const other = await box.put('alert', 'run-2', message, now);
    const kept = await box.setAside(other, 'refused', '550 5.1.1 mailbox unavailable', now);
    assert.equal(kept, join(box.failedDir, other.file));
    const [aside] = (await box.listSetAside()).entries;
    assert.deepEqual(aside!.setAside, { at: now.toISOString(), why: 'refused', answer: '550 5.1.1 mailbox unavailable' });
    assert.equal((await box.list()).entries.length, 1, 'a set-aside message no longer waits');
    await box.delivered(entries[0]!);
    await box.delivered(entries[0]!);
    assert.deepEqual(readdirSync(box.dir).sort(), ['failed', 'zz-broken.json']);
  } finally {
    removeTmp(dir);
  }
});

test('Outbox.lock: one holder at a time, however old its claim; a dead holder\'s claim is taken over, and its release removes nothing of ours', async () => {
  const dir = makeTmp('sw-outbox-');
  try {
    const box = new Outbox(join(dir, 'outbox'));
    const release = await box.lock();
    assert.ok(release);
    const old = new Date(Date.now() - 86_400_000);
    utimesSync(join(box.dir, '.lock'), old, old);
    assert.equal(await box.lock(), null, 'a live holder keeps its claim');
    await release();
    // A claim left by a process that died mid-flush.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(box.dir, '.lock'), JSON.stringify({ pid: dead, host: hostname(), startedAt: new Date().toISOString(), token: 'dead' }));
    const taken = await box.lock();
    assert.ok(taken, 'taken over');
    await release();
    assert.deepEqual(readdirSync(box.dir), ['.lock'], 'a second release of the first claim leaves the new holder\'s');
    await taken();
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
