import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryRows } from '../../src/notify/render-run.js';
import { ENV, put, T1, T2, withWorld, writeConfig } from '../support/mail-world.js';
import { cliAsync, closedPort, headerOf, startSmtp, type TestSmtp } from '../support/smtp.js';

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
    // Mail on without a recipient is a config error for every command (config/placement.ts).
    const none = await cliAsync(['mail-test', '--config', w.config]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /email\.to: expected at least one recipient/);
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
