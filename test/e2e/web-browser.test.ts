import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src/config/project.js';
import { until } from '../support/service.js';
import { openWebWorld } from '../support/web-world.js';

const CHROMIUM = '/usr/bin/chromium';
// Under CI the browser is part of the setup (.ci/run installs Debian's chromium): missing, the test fails.
const skip = existsSync(CHROMIUM) || process.env.CI === 'true' ? false : `${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it)`;

/** ARTIFACTS keeps the screenshots for a person to look at (git-ignored). */
const ARTIFACTS = join(projectRoot(), 'test-artifacts');

async function withPage(url: string, fn: (page: Page) => Promise<void>, expected: RegExp | null = null): Promise<void> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: CI needs Debian's chromium (.ci/run installs it)`);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => (msg.type() === 'error' && !expected?.test(msg.text()) ? errors.push(msg.text()) : undefined));
    await page.goto(`${url}/`);
    await fn(page);
    assert.deepEqual(errors, [], 'the page ran without script errors (and the CSP blocked nothing)');
  } finally {
    await browser.close();
  }
}

/** verdictIs waits until the page shows the verdict (the page polls the service every 2 s). */
async function verdictIs(page: Page, inSync: boolean): Promise<string> {
  await page.locator(`#verdict[data-in-sync="${inSync}"]`).waitFor({ timeout: 60_000 });
  return (await page.locator('#verdict').textContent()) ?? '';
}

test('in a real browser: see the conflict, click keep left (files settle, page turns in sync), then restore a version by clicking', { skip }, async () => {
  const w = await openWebWorld('sw-e2e-browser-');
  try {
    await withPage(w.url, async (page) => {
      assert.match(await verdictIs(page, false), /^not in sync: .*1 open conflict/);
      const card = page.locator('#conflicts li[data-path="doc.txt"]');
      await card.waitFor();
      assert.match((await card.textContent()) ?? '', /bothChanged \(option3\), newer: right/);
      // The activity table shows the first pass's copy of notes.txt, read from the audit trail.
      await page.locator('#activity tbody tr', { hasText: 'notes.txt' }).first().waitFor();

      await page.fill('#explain-path', 'doc.txt');
      await page.click('#explain-form button');
      await page.locator('#explain', { hasText: 'facts: left modified, right modified' }).waitFor();

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'web-conflict.png'), fullPage: true });
      await card.locator('button[data-keep="left"]').click();
      await page.locator('#message', { hasText: 'settled doc.txt: kept left' }).waitFor();
      assert.equal(readFileSync(join(w.right, 'doc.txt'), 'utf8'), 'left edit');
      assert.equal(readFileSync(join(w.left, 'doc.txt'), 'utf8'), 'left edit');
      assert.equal(await verdictIs(page, true), 'in sync');
      assert.equal(await page.locator('#conflicts li').count(), 0);
      await page.screenshot({ path: join(ARTIFACTS, 'web-in-sync.png'), fullPage: true });

      // The first pass copied notes v2 over the right's notes v1, which went to the right trash: a version.
      await page.fill('#versions-path', 'notes.txt');
      await page.click('#versions-form button');
      const version = page.locator('#versions tbody tr', { hasText: 'notes.txt' });
      await version.waitFor();
      assert.equal(await version.count(), 1);
      assert.match((await version.textContent()) ?? '', /right.*overwritten/);
      await version.locator('button[data-to="right"]').click();
      await page.locator('#message', { hasText: 'restored notes.txt' }).waitFor();
      assert.equal(readFileSync(join(w.right, 'notes.txt'), 'utf8'), 'notes v1');
      // The restore syncs like an edit: the left gets it from the next pass, and the page says in sync again.
      await until(() => readFileSync(join(w.left, 'notes.txt'), 'utf8') === 'notes v1', 30_000, () => 'the left never got the restored notes.txt');
      assert.equal(await verdictIs(page, true), 'in sync');
      await page.screenshot({ path: join(ARTIFACTS, 'web-restored.png'), fullPage: true });
    });
  } finally {
    await w.close();
  }
});

test('in a real browser: file names are shown as text, never as markup', { skip }, async () => {
  const w = await openWebWorld('sw-e2e-browser-xss-');
  try {
    await withPage(w.url, async (page) => {
      const name = '<img src=x onerror="document.title=1">.txt';
      await page.fill('#explain-path', name);
      await page.click('#explain-form button');
      await page.locator('#explain', { hasText: 'not present on either side' }).waitFor();
      assert.equal(await page.locator('#explain img').count(), 0);
      assert.match((await page.locator('#explain').textContent()) ?? '', /<img src=x/);
      assert.equal(await page.title(), 'syncwarden');
    });
  } finally {
    await w.close();
  }
});

const outside = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

test('in a real browser from another address: the page asks for the token, then shows the service', { skip: skip || (outside ? false : 'this machine has no non-loopback IPv4 address to connect from') }, async () => {
  const token = 'browser-test-token-0123456789';
  const w = await openWebWorld('sw-e2e-browser-token-', "health: { host: '0.0.0.0', port: 0, tokenEnv: 'SW_TEST_HEALTH_TOKEN' }, ", { SW_TEST_HEALTH_TOKEN: token });
  try {
    // The 401s before the token is given are expected; nothing else may fail.
    await withPage(`http://${outside}:${new URL(w.url).port}`, async (page) => {
      await page.locator('#token-form').waitFor({ state: 'visible' });
      await page.fill('#token', token);
      await page.click('#token-form button');
      assert.match(await verdictIs(page, false), /^not in sync: .*1 open conflict/);
      assert.equal(await page.locator('#token-form').isVisible(), false);
    }, /status of 401/);
  } finally {
    await w.close();
  }
});
