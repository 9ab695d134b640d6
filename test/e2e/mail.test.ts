import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryRows } from '../../src/notify/render-run.js';
import { cliAsync, closedPort, headerOf, startMute, startSmtp, type TestSmtp } from '../support/smtp.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

const T1 = new Date('2026-11-20T10:00:00Z');
const T2 = new Date('2026-11-21T09:30:05Z');
// Mail times are local: pin the zone so the expected strings hold anywhere.
const ENV = { TZ: 'UTC' };

interface World { dir: string; config: string; left: string; right: string; outbox: string }

async function withWorld(fn: (w: World) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-e2e-mail-');
  const w: World = { dir, config: join(dir, 'config.json5'), left: join(dir, 'left'), right: join(dir, 'right'), outbox: join(dir, 'state', 'outbox') };
  mkdirSync(w.left);
  mkdirSync(w.right);
  try {
    await fn(w);
  } finally {
    removeTmp(dir);
  }
}

interface MailSetup { port: number; email?: string; right?: string; login?: boolean; timeoutMs?: number }

// The server shares this process with the other tests while CLI children load the CPU: a generous time-out
// where it is up keeps the tests steady; a closed port fails at once whatever the time-out.
function writeConfig(w: World, { port, email = '', right = 'right', login = false, timeoutMs = 3000 }: MailSetup): void {
  const auth = login ? ", user: 'office', passwordEnv: 'SW_E2E_PW'" : '';
  writeFileSync(w.config, `{ left: 'left', right: '${right}', stateDir: 'state', log: { dir: 'logs' },
    email: { enabled: true, mode: 'both', from: 'sync@office.test', to: ['admin@office.test'], ${email}
      smtp: { host: '127.0.0.1', port: ${port}, timeoutMs: ${timeoutMs}${auth} } } }`);
}

interface LogLine { t: string; tag: string | null; msg: string }

function logLines(w: World): LogLine[] {
  return readFileSync(join(w.dir, 'logs', 'syncwarden.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
}

/** mailDelayMs is the time from the pass's last log line to the last mail failure line. */
function mailDelayMs(w: World): number {
  const lines = logLines(w);
  const at = lines.findLastIndex((l) => l.tag === 'mail' && l.msg.startsWith('mail not sent'));
  assert.ok(at > 0, 'a mail failure is logged');
  const pass = lines.slice(0, at).reverse().find((l) => l.tag === 'sync')!;
  return Date.parse(lines[at]!.t) - Date.parse(pass.t);
}

/** ageOutbox moves every backoff in the outbox `ms` into the past: as far as retries are concerned, `ms` went by. */
function ageOutbox(w: World, ms: number): void {
  for (const name of readdirSync(w.outbox).filter((n) => n.endsWith('.json'))) {
    const file = join(w.outbox, name);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof data.nextTryAt !== 'string') continue;
    writeFileSync(file, JSON.stringify({ ...data, nextTryAt: new Date(Date.parse(data.nextTryAt) - ms).toISOString() }));
  }
}

/** waiting lists the messages still queued in the outbox (not the set-aside ones). */
function waiting(w: World): string[] {
  return readdirSync(w.outbox).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
}

const HOUR = 3_600_000;

function put(path: string, text: string, mtime: Date): void {
  writeFileSync(path, text);
  utimesSync(path, mtime, mtime);
}

describe('mail end to end (CLI child processes, SMTP on loopback)', { concurrency: true }, () => {
  test('a conflict made through the CLI: clash files on both sides, a conflict mail and a summary with the right counts (login from the env var)', () => withWorld(async (w) => {
    const smtp = await startSmtp({ user: 'office', pass: 'app-pw' });
    try {
      writeConfig(w, { port: smtp.port, login: true });
      const env = { ...ENV, SW_E2E_PW: 'app-pw' };
      put(join(w.left, 'a.txt'), 'base', T1);
      const first = await cliAsync(['sync', '--json', '--config', w.config], env);
      assert.equal(first.code, 0, first.stderr);
      await smtp.waitFor(1);
      put(join(w.left, 'a.txt'), 'left edit!!', T1);
      put(join(w.right, 'a.txt'), 'right edit, longer', T2);
      const second = await cliAsync(['sync', '--json', '--config', w.config], env);
      assert.equal(second.code, 0, second.stderr);
      const report = JSON.parse(second.stdout);
      for (const side of [w.left, w.right]) {
        assert.deepEqual(readdirSync(side).filter((n) => !n.startsWith('.')).sort(), ['a.txt', 'a_clash_202611201000.txt']);
        assert.equal(readFileSync(join(side, 'a.txt'), 'utf8'), 'right edit, longer');
        assert.equal(readFileSync(join(side, 'a_clash_202611201000.txt'), 'utf8'), 'left edit!!');
      }
      const mails = (await smtp.waitFor(3)).slice(1);
      assert.ok(smtp.received.every((r) => r.user === 'office'));
      const conflict = mails.find((r) => /conflict bothChanged/.test(r.mail.subject ?? ''))!;
      assert.ok(conflict, mails.map((m) => m.mail.subject).join('; '));
      assert.equal(headerOf(conflict.mail, 'X-Syncwarden-Run'), report.runId);
      const text = conflict.mail.text ?? '';
      for (const re of [/path +a\.txt/, /rule +bothChanged/, /option applied +option1/, /newer side +right/,
        /left +a\.txt +11 bytes +2026-11-20 10:00:00 \+00:00/, /right +a\.txt +18 bytes +2026-11-21 09:30:05 \+00:00/, /a_clash_202611201000\.txt/]) {
        assert.match(text, re);
      }
      const summary = mails.find((r) => /sync done/.test(r.mail.subject ?? ''))!;
      assert.ok(summary);
      assert.equal(report.counts['conflict:bothChanged'], 1);
      for (const [label, count] of summaryRows(report.counts)) assert.match(summary.mail.text ?? '', new RegExp(`${label.trim()} +${count}`));
    } finally {
      await smtp.close();
    }
  }));

  test('server down: the sync ends normally and fast, the mail waits in the outbox; a later run delivers it', () => withWorld(async (w) => {
    writeConfig(w, { port: await closedPort() });
    put(join(w.left, 'new.txt'), 'hello', T1);
    const down = await cliAsync(['sync', '--config', w.config], ENV);
    assert.equal(down.code, 0, down.stderr);
    // Mail costs at most the flush budget after the pass (nodemailer's own defaults could hold it for 2 minutes);
    // read from the log's clock, so a loaded machine slowing the whole CLI does not matter.
    const mailMs = mailDelayMs(w);
    assert.ok(mailMs < 2 * 3000, `mail took ${mailMs} ms`);
    assert.match(down.stdout, /copies +1/);
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

  test('a safety stop (right root missing): exit 3 and an alert mail', () => withWorld(async (w) => {
    const smtp = await startSmtp();
    try {
      writeConfig(w, { port: smtp.port, email: `mode: 'summary',`, right: 'not-mounted' });
      const r = await cliAsync(['sync', '--config', w.config], ENV);
      assert.equal(r.code, 3, r.stderr);
      const [alert] = await smtp.waitFor(1).catch((err: Error) => assert.fail(`${err.message}\n${r.stderr}`));
      assert.match(alert!.mail.subject ?? '', /SAFETY STOP: sync halted \(rootMissing, right\)/);
      assert.match(alert!.mail.text ?? '', /not-mounted/);
      assert.match(alert!.mail.text ?? '', /What to do:/);
      assert.match(headerOf(alert!.mail, 'X-Syncwarden-Run'), /^\d{8}-\d{6}-/);
    } finally {
      await smtp.close();
    }
  }));

  test('mail-test: sends now (exit 0), fails clearly on a closed port (exit 1), exit 2 when not configured', () => withWorld(async (w) => {
    const smtp: TestSmtp = await startSmtp();
    try {
      writeConfig(w, { port: smtp.port });
      const ok = await cliAsync(['mail-test', '--config', w.config]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /sent to admin@office\.test via 127\.0\.0\.1:\d+/);
      assert.match((await smtp.waitFor(1))[0]!.mail.subject ?? '', /\[syncwarden\] test message/);
    } finally {
      await smtp.close();
    }
    writeConfig(w, { port: await closedPort() });
    const bad = await cliAsync(['mail-test', '--config', w.config]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /mail-test: sending via 127\.0\.0\.1:\d+ failed after \d+ ms: ESOCKET: connect ECONNREFUSED/);
    writeFileSync(w.config, `{ left: 'left', right: 'right', email: { enabled: false } }`);
    const off = await cliAsync(['mail-test', '--config', w.config]);
    assert.equal(off.code, 2);
    assert.match(off.stderr, /email is not configured .*email\.enabled is false/);
    writeFileSync(w.config, `{ left: 'left', right: 'right', email: { enabled: true } }`);
    assert.match((await cliAsync(['mail-test', '--config', w.config])).stderr, /email\.to lists no recipient/);
  }));

  test('mail-test with a login: the password comes from the variable named by passwordEnv', () => withWorld(async (w) => {
    const smtp = await startSmtp({ user: 'office', pass: 'app-pw' });
    try {
      writeConfig(w, { port: smtp.port, login: true });
      const none = await cliAsync(['mail-test', '--config', w.config], { SW_E2E_PW: '' });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /SW_E2E_PW is not set/);
      const wrong = await cliAsync(['mail-test', '--config', w.config], { SW_E2E_PW: 'nope' });
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /EAUTH/);
      const right = await cliAsync(['mail-test', '--config', w.config], { SW_E2E_PW: 'app-pw' });
      assert.equal(right.code, 0, right.stderr);
      const got = await smtp.waitFor(1).catch((err: Error) => assert.fail(`${err.message}; mail-test said: ${right.stdout}`));
      assert.equal(got[0]!.user, 'office');
    } finally {
      await smtp.close();
    }
  }));
});
