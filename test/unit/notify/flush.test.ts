import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncReport } from '../../../src/app/sync-pass.js';
import type { Config } from '../../../src/config/config.js';
import { resolveConfig } from '../../../src/config/load.js';
import { SafetyStop } from '../../../src/model/errors.js';
import type { Key } from '../../../src/model/key.js';
import type { ConflictRecord } from '../../../src/model/conflict.js';
import { silentLogger, type Logger } from '../../../src/ports/log.js';
import { flushOutbox, outboxOf } from '../../../src/notify/flush.js';
import { notifyPass, notifySafetyStop } from '../../../src/notify/notifier.js';
import { readRelay } from '../../../src/notify/relay.js';
import { closedPort, headerOf, startMute, startSmtp } from '../../support/smtp.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = silentLogger();
  const push = (level: string) => (msg: string, data?: object) => void lines.push(`${level} ${msg} ${data ? JSON.stringify(data) : ''}`);
  return { ...log, lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

function configFor(dir: string, port: number, email: Record<string, unknown> = {}): Config {
  // Generous where the server is up (it shares the CPU with CLI children of other tests); tests of time-outs set 300.
  const smtp = { host: '127.0.0.1', port, timeoutMs: 1000, ...(email.smtp as object) };
  return resolveConfig({ left: 'l', right: 'r', stateDir: 'state', email: { enabled: true, to: ['admin@office.test'], from: 'sw@office.test', ...email, smtp } }, join(dir, 'config.json5'));
}

const conflict = { key: 'a.txt' as Key, rule: 'bothChanged', option: 'option1', newer: 'left', left: { rel: 'a.txt', size: 3, mtimeMs: 0 }, right: { rel: 'a.txt', size: 4, mtimeMs: 0 }, actions: ['x'], status: 'settled', firstSeen: '', lastSeen: '' } as ConflictRecord;
const report = { runId: 'run-42', dryRun: false, exitCode: 0, plan: [], results: [], problems: [], conflicts: [conflict], counts: { conflicts: 1, 'conflict:bothChanged': 1 }, ms: { scan: 0, plan: 0, execute: 0, total: 5 } } as SyncReport;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-flush-');
  try {
    await fn(dir);
  } finally {
    removeTmp(dir);
  }
}

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

test('server down: one backoff for the server; a flush during it opens no connection; after it everything goes out', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    smtp.down = true;
    const log = recordingLog();
    const config = configFor(dir, smtp.port);
    const t0 = Date.now();
    const at = (ms: number) => () => new Date(t0 + ms);
    assert.deepEqual(await notifyPass(config, report, { log, now: at(0) }), { sent: 0, failed: 1, setAside: 0, waiting: 2 }, 'the server-level failure stops the flush');
    assert.equal(smtp.connections, 1);
    const started = performance.now();
    assert.deepEqual(await flushOutbox(config, { log, now: at(30_000) }), { sent: 0, failed: 0, setAside: 0, waiting: 2 });
    assert.ok(performance.now() - started < 50, 'a flush in backoff costs nothing');
    assert.equal(smtp.connections, 1, 'and opens no connection');
    assert.ok(log.lines.some((l) => /^info mail waits in the outbox: 2 messages; the server 127\.0\.0\.1:\d+ failed 1 time since/.test(l)), log.lines.join('\n'));
    smtp.down = false;
    assert.deepEqual(await flushOutbox(config, { log, now: at(61_000) }), { sent: 2, failed: 0, setAside: 0, waiting: 0 });
    assert.ok(log.lines.some((l) => /^info mail server 127\.0\.0\.1:\d+ answers again, after 1 failed try/.test(l)), log.lines.join('\n'));
    assert.equal(await readRelay(outboxOf(config).dir), null);
  } finally {
    await smtp.close();
  }
}));

test('after a three-hour outage the alert queued first is delivered first, then the rest oldest first, within half an hour of the return', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    smtp.down = true;
    const config = configFor(dir, smtp.port, { mode: 'summary', summaryWhenEmpty: true });
    const t0 = Date.now();
    const stop = new SafetyStop('rootMissing', 'right root /p is missing', { side: 'right', path: '/p' });
    const runs: string[] = [];
    let deliveredAt: number | null = null;
    let outageConnections = 0;
    // A pass every 5 minutes: the drive is missing for the first hour, the mail server is down for three.
    for (let min = 0; min <= 240; min += 5) {
      const deps = { log: silentLogger(), now: () => new Date(t0 + min * 60_000) };
      if (min === 180) {
        smtp.down = false;
        outageConnections = smtp.connections;
      }
      if (min < 60) await notifySafetyStop(config, stop, `stop-${min}`, deps);
      else {
        runs.push(`run-${min}`);
        await notifyPass(config, { ...report, runId: `run-${min}` }, deps);
      }
      if (deliveredAt === null && smtp.received.length) deliveredAt = min;
    }
    const headers = smtp.received.map((r) => headerOf(r.mail, 'X-Syncwarden-Run'));
    assert.equal(headers[0], 'stop-0', `the alert first: ${headers.join(' ')}`);
    assert.deepEqual(headers.slice(1), runs, 'then every summary, oldest first');
    assert.ok(deliveredAt !== null && deliveredAt - 180 <= 30, `the backlog went out at minute ${deliveredAt}`);
    // 36 passes during the outage; the server was tried after 1, 2, 4, 8, 16 minutes, then every half hour.
    assert.ok(outageConnections <= 11, `a few tries during the outage, not one per pass: ${outageConnections}`);
  } finally {
    await smtp.close();
  }
}));

test('a server that never greets: the flush gives up within 2 x timeoutMs; the next flush, in backoff, costs nothing', () => withDir(async (dir) => {
  const mute = await startMute();
  try {
    const config = configFor(dir, mute.port, { smtp: { timeoutMs: 300 } });
    const t0 = performance.now();
    const result = await notifyPass(config, report, { log: silentLogger() });
    const ms = performance.now() - t0;
    assert.deepEqual(result, { sent: 0, failed: 1, setAside: 0, waiting: 2 });
    assert.ok(ms < 2 * 300 + 200, `took ${ms} ms`);
    const t1 = performance.now();
    await notifyPass(config, report, { log: silentLogger() });
    const again = performance.now() - t1;
    assert.ok(again < 100, `the pass during the backoff took ${again} ms on mail`);
    assert.equal(mute.connections(), 1);
  } finally {
    await mute.close();
  }
}));

test('550 mailbox unavailable: set aside with the answer, the next message still goes out, the server is not backed off', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    let refuse = 1;
    smtp.rcptReply = () => (refuse-- > 0 ? { code: 550, text: '5.1.1 mailbox unavailable' } : null);
    const log = recordingLog();
    const config = configFor(dir, smtp.port);
    assert.deepEqual(await notifyPass(config, report, { log }), { sent: 1, failed: 0, setAside: 1, waiting: 0 });
    const { entries } = await outboxOf(config).listSetAside();
    assert.equal(entries.length, 1);
    assert.match(entries[0]!.message.subject, /conflict bothChanged/);
    assert.deepEqual([entries[0]!.setAside!.why, entries[0]!.setAside!.answer], ['refused', '550 5.1.1 mailbox unavailable']);
    assert.ok(log.lines.some((l) => /^error mail refused by the server and set aside, not sent again: .*550 5\.1\.1/.test(l)), log.lines.join('\n'));
    assert.equal(await readRelay(outboxOf(config).dir), null);
    assert.deepEqual(await flushOutbox(config, { log, now: () => new Date(Date.now() + 86_400_000) }), { sent: 0, failed: 0, setAside: 0, waiting: 0 }, 'never retried');
  } finally {
    await smtp.close();
  }
}));

test('a 4xx to one message: it stays for later, the next one still goes out', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    let defer = 1;
    smtp.rcptReply = () => (defer-- > 0 ? { code: 450, text: '4.2.0 greylisted, try again later' } : null);
    const config = configFor(dir, smtp.port);
    const log = recordingLog();
    assert.deepEqual(await notifyPass(config, report, { log }), { sent: 1, failed: 1, setAside: 0, waiting: 1 });
    assert.ok(log.lines.some((l) => /^warn mail deferred by the server, kept in the outbox: .*450 4\.2\.0 greylisted/.test(l)), log.lines.join('\n'));
    assert.equal(await readRelay(outboxOf(config).dir), null, 'the server took a message: no backoff');
    assert.deepEqual(await flushOutbox(config, { log }), { sent: 1, failed: 0, setAside: 0, waiting: 0 });
    assert.match(smtp.received.at(-1)!.mail.subject ?? '', /conflict bothChanged/);
  } finally {
    await smtp.close();
  }
}));

test('no answer after the hand-over: sent once more with the same Message-ID and a resend mark, then set aside as "sent?"', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    smtp.dataDelayMs = 1500;
    const config = configFor(dir, smtp.port, { mode: 'summary', smtp: { timeoutMs: 300 } });
    const log = recordingLog();
    const t0 = Date.now();
    const at = (ms: number) => () => new Date(t0 + ms);
    assert.deepEqual(await notifyPass(config, report, { log, now: at(0) }), { sent: 0, failed: 1, setAside: 0, waiting: 1 });
    assert.match((await outboxOf(config).list()).entries[0]!.unsure?.cause ?? '', /^ETIMEDOUT: gave up waiting for the mail server after \d+ ms$/);
    assert.deepEqual(await flushOutbox(config, { log, now: at(61_000) }), { sent: 0, failed: 0, setAside: 1, waiting: 0 });
    assert.deepEqual(await flushOutbox(config, { log, now: at(3_600_000) }), { sent: 0, failed: 0, setAside: 0, waiting: 0 });
    const [one, two] = (await smtp.waitFor(2)).map((r) => r.mail);
    assert.equal(smtp.received.length, 2);
    assert.equal(two!.messageId, one!.messageId);
    assert.equal(headerOf(one!, 'X-Syncwarden-Resend'), '');
    assert.match(headerOf(two!, 'X-Syncwarden-Resend'), /outcome of the try at .* unknown \(ETIMEDOUT/);
    assert.equal((await outboxOf(config).listSetAside()).entries[0]!.setAside!.why, 'unsure');
    assert.ok(log.lines.some((l) => /^error mail set aside as "sent\?"/.test(l)), log.lines.join('\n'));
  } finally {
    await smtp.close();
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
  writeFileSync(join(dir, 'state'), 'a file where the state folder should be');
  assert.equal(await notifyPass(config, report, { log }), null);
  assert.ok(log.lines.some((l) => /^error notification failed/.test(l)));
  assert.equal(await notifyPass(configFor(dir, 1, { enabled: false }), report, { log }), null);
  assert.equal(await notifyPass(configFor(dir, 1, { to: [] }), report, { log }), null);
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
