import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SafetyStop } from '../../../src/model/errors.js';
import { silentLogger } from '../../../src/ports/log.js';
import { flushOutbox, outboxOf } from '../../../src/notify/flush.js';
import { notifyPass, notifySafetyStop } from '../../../src/notify/notifier.js';
import { readRelay } from '../../../src/notify/relay.js';
import { configFor, recordingLog, report, withDir } from '../../support/notify.js';
import { headerOf, startSmtp } from '../../support/smtp.js';

// Delivery through a real SMTP server on loopback, the clock moved by hand: order, backoff, refusals, unknown outcomes.

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
    // A flush in backoff costs nothing: no connection is opened (counted, not timed: a loaded machine is slow).
    assert.deepEqual(await flushOutbox(config, { log, now: at(30_000) }), { sent: 0, failed: 0, setAside: 0, waiting: 2 });
    assert.equal(smtp.connections, 1, 'a flush in backoff opens no connection');
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

test('a message the server defers for longer than email.deferredGiveUpHours is set aside as expired, not tried for ever', () => withDir(async (dir) => {
  const smtp = await startSmtp();
  try {
    smtp.rcptReply = () => ({ code: 451, text: '4.3.0 mailbox temporarily unavailable' });
    const config = configFor(dir, smtp.port, { mode: 'summary', deferredGiveUpHours: 2 });
    const log = recordingLog();
    const t0 = Date.now();
    const at = (ms: number) => () => new Date(t0 + ms);
    assert.deepEqual(await notifyPass(config, report, { log, now: at(0) }), { sent: 0, failed: 1, setAside: 0, waiting: 1 });
    assert.deepEqual(await flushOutbox(config, { log, now: at(3_600_000) }), { sent: 0, failed: 1, setAside: 0, waiting: 1 }, 'an hour later: still waiting');
    assert.deepEqual(await flushOutbox(config, { log, now: at(7_300_000) }), { sent: 0, failed: 0, setAside: 1, waiting: 0 }, 'past the limit: set aside');
    assert.deepEqual(await flushOutbox(config, { log, now: at(86_400_000) }), { sent: 0, failed: 0, setAside: 0, waiting: 0 }, 'never retried');
    const kept = (await outboxOf(config).listSetAside()).entries[0]!;
    assert.equal(kept.setAside!.why, 'expired');
    assert.match(kept.setAside!.answer, /451 4\.3\.0 mailbox temporarily unavailable/);
    assert.ok(log.lines.some((l) => /^error mail deferred for more than 2 h and set aside/.test(l)), log.lines.join('\n'));
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

