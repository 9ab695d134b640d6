import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ageOutbox, ENV, HOUR, logLines, mailDelayMs, put, T1, waiting, withWorld, writeConfig } from '../support/mail-world.js';
import { cliAsync, closedPort, headerOf, startMute, startSmtp } from '../support/smtp.js';

describe('the outbox end to end (CLI child processes, SMTP on loopback)', { concurrency: true }, () => {
  test('server down: the sync ends normally and fast, the mail waits in the outbox; a later run delivers it', () => withWorld(async (w) => {
    writeConfig(w, { port: await closedPort() });
    put(join(w.left, 'new.txt'), 'hello', T1);
    const down = await cliAsync(['sync', '--config', w.config], ENV);
    assert.equal(down.code, 0, down.stderr);
    // Mail costs at most the flush budget after the pass (nodemailer's own defaults could hold it for 2 minutes);
    // read from the log's clock, so a loaded machine slowing the whole CLI does not matter.
    const mailMs = mailDelayMs(w);
    assert.ok(mailMs < 2 * 3000, `mail took ${mailMs} ms`);
    assert.match(down.stdout, /copied +1/);
    assert.match(down.stderr, /mail not sent.*ECONNREFUSED/);
    const [file] = waiting(w);
    const entry = JSON.parse(readFileSync(join(w.outbox, file!), 'utf8'));
    assert.equal(entry.attempts, 1);
    ageOutbox(w, HOUR);
    const smtp = await startSmtp();
    try {
      writeConfig(w, { port: smtp.port });
      const up = await cliAsync(['sync', '--config', w.config], ENV);
      assert.equal(up.code, 0, up.stderr);
      const [mail] = await smtp.waitFor(1);
      assert.match(mail!.mail.subject ?? '', /sync done: 1 copy/);
      assert.deepEqual(waiting(w), []);
    } finally {
      await smtp.close();
    }
  }));

  test('outage then recovery: the safety alert goes out first, then the rest oldest first, in the first pass after the backoff', () => withWorld(async (w) => {
    const smtp = await startSmtp();
    try {
      smtp.down = true;
      // The drive stays unmounted for hours: the service retries the stopped pass, the server is down all along.
      writeConfig(w, { port: smtp.port, right: 'not-mounted' });
      for (let i = 0; i < 5; i++) {
        const stop = await cliAsync(['sync', '--config', w.config], ENV);
        assert.equal(stop.code, 3, stop.stderr);
        ageOutbox(w, 6 * HOUR);
      }
      writeConfig(w, { port: smtp.port });
      put(join(w.left, 'a.txt'), 'a', T1);
      const first = await cliAsync(['sync', '--json', '--config', w.config], ENV);
      assert.equal(first.code, 0, first.stderr);
      // The server is back; half an hour later (the longest wait between tries) the next pass sends everything.
      smtp.down = false;
      ageOutbox(w, 31 * 60_000);
      put(join(w.left, 'b.txt'), 'b', T1);
      const second = await cliAsync(['sync', '--json', '--config', w.config], ENV);
      assert.equal(second.code, 0, second.stderr);
      const mails = await smtp.waitFor(3).catch((err: Error) => assert.fail(`${err.message}\n${second.stderr}`));
      assert.match(mails[0]!.mail.subject ?? '', /SAFETY STOP/, 'the alert first');
      assert.deepEqual(mails.slice(1).map((m) => headerOf(m.mail, 'X-Syncwarden-Run')), [JSON.parse(first.stdout).runId, JSON.parse(second.stdout).runId], 'then oldest first');
      assert.deepEqual(waiting(w), []);
      const status = await cliAsync(['status', '--config', w.config], ENV);
      assert.match(status.stdout, /^mail: nothing waiting/m, status.stdout);
    } finally {
      await smtp.close();
    }
  }));

  test('a pass while the server is in backoff spends no time on mail and opens no connection', () => withWorld(async (w) => {
    const mute = await startMute();
    try {
      writeConfig(w, { port: mute.port, timeoutMs: 2000 });
      put(join(w.left, 'a.txt'), 'a', T1);
      const down = await cliAsync(['sync', '--config', w.config], ENV);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(mute.connections(), 1);
      assert.ok(mailDelayMs(w) >= 1900, 'the first pass waits for the greeting time-out');
      put(join(w.left, 'b.txt'), 'b', T1);
      const held = await cliAsync(['sync', '--config', w.config], ENV);
      assert.equal(held.code, 0, held.stderr);
      assert.equal(mute.connections(), 1, 'no second connection while in backoff');
      // From queueing the pass's mail (the time in its file name) to the flush's decision to wait.
      const queued = waiting(w).sort().at(-1)!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})Z.*$/, '$1-$2-$3T$4:$5:$6.$7Z');
      const decided = logLines(w).findLast((l) => l.tag === 'mail' && l.msg.startsWith('mail waits in the outbox'))!;
      const ms = Date.parse(decided.t) - Date.parse(queued);
      // A few file reads (~5 ms on a quiet machine); the bound only says "no time-out was waited for" on a loaded one.
      assert.ok(ms >= 0 && ms < 500, `mail took ${ms} ms during the backoff`);
      const status = await cliAsync(['status', '--config', w.config], ENV);
      assert.match(status.stdout, /^mail: 2 waiting in the outbox .*server 127\.0\.0\.1:\d+ failing since .*next try after /m, status.stdout);
    } finally {
      await mute.close();
    }
  }));

  test('550 mailbox unavailable: the message is set aside with the answer, never sent again, and status shows it', () => withWorld(async (w) => {
    const smtp = await startSmtp();
    try {
      smtp.rcptReply = (to) => (to === 'admin@office.test' ? { code: 550, text: '5.1.1 mailbox unavailable' } : null);
      writeConfig(w, { port: smtp.port });
      put(join(w.left, 'a.txt'), 'a', T1);
      const refused = await cliAsync(['sync', '--config', w.config], ENV);
      assert.equal(refused.code, 0, refused.stderr);
      assert.match(refused.stderr, /refused.*550 5\.1\.1 mailbox unavailable/);
      assert.deepEqual(waiting(w), []);
      assert.equal(readdirSync(join(w.outbox, 'failed')).filter((n) => n.endsWith('.json')).length, 1);
      const status = await cliAsync(['status', '--config', w.config], ENV);
      assert.match(status.stdout, /^mail set aside \(not sent again.*\): 1$/m, status.stdout);
      assert.match(status.stdout, /summary "\[syncwarden\] sync done: 1 copy": refused: .*550 5\.1\.1 mailbox unavailable/, status.stdout);
      const json = JSON.parse((await cliAsync(['status', '--json', '--config', w.config], ENV)).stdout);
      assert.equal(json.mail.setAside[0].why, 'refused');
      // The mailbox works again: later passes send their own mail, never the refused one.
      smtp.rcptReply = null;
      ageOutbox(w, 6 * HOUR);
      put(join(w.left, 'b.txt'), 'b', T1);
      const later = await cliAsync(['sync', '--json', '--config', w.config], ENV);
      assert.equal(later.code, 0, later.stderr);
      assert.deepEqual(smtp.received.map((r) => headerOf(r.mail, 'X-Syncwarden-Run')), [JSON.parse(later.stdout).runId]);
    } finally {
      await smtp.close();
    }
  }));

  test('a server that takes the message but answers past the time-out: sent once more with the same Message-ID, then set aside as "sent?"', () => withWorld(async (w) => {
    const smtp = await startSmtp();
    try {
      // The budget is 2 x 1000 ms; the server keeps each message and says so only after 3 s.
      smtp.dataDelayMs = 3000;
      writeConfig(w, { port: smtp.port, timeoutMs: 1000 });
      put(join(w.left, 'a.txt'), 'a', T1);
      const slow = await cliAsync(['sync', '--config', w.config], ENV);
      assert.equal(slow.code, 0, slow.stderr);
      assert.equal(smtp.received.length, 1);
      // Passes with nothing new to say, each after any backoff: the outbox is retried, at most once more.
      for (let i = 0; i < 3; i++) {
        ageOutbox(w, 6 * HOUR);
        const again = await cliAsync(['sync', '--config', w.config], ENV);
        assert.equal(again.code, 0, again.stderr);
      }
      assert.equal(smtp.received.length, 2, 'one resend, not a stream of duplicates');
      assert.match(slow.stderr, /may have arrived/);
      const [one, two] = smtp.received.map((r) => r.mail);
      assert.equal(two!.messageId, one!.messageId, 'the resend carries the same Message-ID');
      assert.match(headerOf(two!, 'X-Syncwarden-Resend'), /outcome of the try at .* unknown/);
      assert.deepEqual(waiting(w), []);
      const status = await cliAsync(['status', '--config', w.config], ENV);
      assert.match(status.stdout, /sync done: 1 copy": sent\? \(outcome unknown/, status.stdout);
    } finally {
      await smtp.close();
    }
  }));

});
