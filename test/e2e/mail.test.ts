import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryRows } from '../../src/notify/render-run.js';
import { cliAsync, closedPort, headerOf, startSmtp, type TestSmtp } from '../support/smtp.js';
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

interface MailSetup { port: number; email?: string; right?: string; login?: boolean }

// The server shares this process with the other tests while CLI children load the CPU: a generous time-out
// where it is up keeps the tests steady; a closed port fails at once whatever the time-out.
function writeConfig(w: World, { port, email = '', right = 'right', login = false }: MailSetup): void {
  const auth = login ? ", user: 'office', passwordEnv: 'SW_E2E_PW'" : '';
  writeFileSync(w.config, `{ left: 'left', right: '${right}', stateDir: 'state', log: { dir: 'logs' },
    email: { enabled: true, mode: 'both', from: 'sync@office.test', to: ['admin@office.test'], ${email}
      smtp: { host: '127.0.0.1', port: ${port}, timeoutMs: 3000${auth} } } }`);
}

/** mailDelayMs is the time from the pass's last log line to the mail failure line. */
function mailDelayMs(logFile: string): number {
  const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; tag: string | null; msg: string });
  const failed = lines.findIndex((l) => l.tag === 'mail' && l.msg.startsWith('mail not sent'));
  assert.ok(failed > 0, 'a mail failure is logged');
  const pass = lines.slice(0, failed).reverse().find((l) => l.tag === 'sync')!;
  return Date.parse(lines[failed]!.t) - Date.parse(pass.t);
}

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
    const mailMs = mailDelayMs(join(w.dir, 'logs', 'syncwarden.log'));
    assert.ok(mailMs < 2 * 3000, `mail took ${mailMs} ms`);
    assert.match(down.stdout, /copied +1/);
    assert.match(down.stderr, /mail not sent.*ECONNREFUSED/);
    const [file] = readdirSync(w.outbox).filter((n) => n.endsWith('.json'));
    const entry = JSON.parse(readFileSync(join(w.outbox, file!), 'utf8'));
    assert.equal(entry.attempts, 1);
    // A minute later, as far as the backoff is concerned.
    writeFileSync(join(w.outbox, file!), JSON.stringify({ ...entry, nextTryAt: new Date(0).toISOString() }));
    const smtp = await startSmtp();
    try {
      writeConfig(w, { port: smtp.port });
      const up = await cliAsync(['sync', '--config', w.config], ENV);
      assert.equal(up.code, 0, up.stderr);
      const [mail] = await smtp.waitFor(1);
      assert.match(mail!.mail.subject ?? '', /sync done: 1 copy/);
      assert.deepEqual(readdirSync(w.outbox), []);
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
