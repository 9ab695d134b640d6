import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, silentLogger, LOG_FILE, type LogSettings } from '../../../src/ports/log.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

interface Line { t: string; level: string; tag: string | null; runId: string | null; msg: string; data: unknown }

function settings(dir: string, over: Partial<LogSettings> = {}): LogSettings {
  return { level: 'info', dir: join(dir, 'logs'), maxSizeMB: 10, keep: 3, eventLog: false, ...over };
}

function readLines(file: string): Line[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
}

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTmp('sw-log-');
  try { await fn(dir); } finally { removeTmp(dir); }
}

test('every line is JSON with t, level, tag, runId, msg, data', () => withTmp(async (dir) => {
  const log = createLogger(settings(dir), { console: false });
  log.withTag('scan').info('listed', { files: 3 });
  log.warn('plain');
  await log.close();
  const [a, b] = readLines(join(dir, 'logs', LOG_FILE));
  assert.equal(a.level, 'info');
  assert.equal(a.tag, 'scan');
  assert.equal(a.msg, 'listed');
  assert.deepEqual(a.data, { files: 3 });
  assert.ok(!Number.isNaN(Date.parse(a.t)));
  assert.deepEqual([b.level, b.tag, b.runId, b.data], ['warn', null, null, null]);
}));

test('runWith stamps the run id on every line inside it, across awaits and tags', () => withTmp(async (dir) => {
  const log = createLogger(settings(dir), { console: false });
  const exec = log.withTag('execute');
  await log.runWith('run-42', async () => {
    log.info('start');
    await sleep(5);
    exec.info('copied');
    assert.equal(exec.runId(), 'run-42');
  });
  log.info('after');
  await log.close();
  const lines = readLines(join(dir, 'logs', LOG_FILE));
  assert.deepEqual(lines.map((l) => [l.msg, l.runId]), [['start', 'run-42'], ['copied', 'run-42'], ['after', null]]);
}));

test('10 identical messages give 10 lines (no throttling)', () => withTmp(async (dir) => {
  const log = createLogger(settings(dir), { console: false });
  for (let i = 0; i < 10; i++) log.info('same');
  await log.close();
  assert.equal(readLines(join(dir, 'logs', LOG_FILE)).length, 10);
}));

test('close() flushes every line written just before it', () => withTmp(async (dir) => {
  const log = createLogger(settings(dir), { console: false });
  for (let i = 0; i < 5000; i++) log.info('line', { i });
  await log.close();
  const lines = readLines(join(dir, 'logs', LOG_FILE));
  assert.equal(lines.length, 5000);
  assert.deepEqual(lines[4999].data, { i: 4999 });
  log.info('after close goes nowhere, and does not throw');
}));

test('rotation by size keeps `keep` numbered files and loses no recent line', () => withTmp(async (dir) => {
  const log = createLogger(settings(dir, { maxSizeMB: 2048 / (1024 * 1024), keep: 2 }), { console: false });
  for (let i = 0; i < 300; i++) log.info('rotating', { i, pad: 'x'.repeat(60) });
  await log.close();
  const names = readdirSync(join(dir, 'logs')).sort();
  assert.deepEqual(names, [LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
  const kept = [`${LOG_FILE}.2`, `${LOG_FILE}.1`, LOG_FILE].flatMap((n) => readLines(join(dir, 'logs', n)));
  const seq = kept.map((l) => (l.data as { i: number }).i);
  assert.equal(seq.at(-1), 299);
  assert.deepEqual(seq, seq.map((_, k) => seq[0] + k), 'the kept files hold one unbroken, ordered tail');
}));

test('level filters lines; Errors in data are serialised', () => withTmp(async (dir) => {
  const log = createLogger(settings(dir, { level: 'warn' }), { console: false });
  log.info('dropped');
  log.debug('dropped');
  const err = Object.assign(new Error('busy'), { code: 'EBUSY' });
  log.error('copy failed', { err, size: 10n });
  await log.close();
  const lines = readLines(join(dir, 'logs', LOG_FILE));
  assert.equal(lines.length, 1);
  const data = lines[0].data as { err: { message: string; code: string }; size: string };
  assert.deepEqual([data.err.message, data.err.code, data.size], ['busy', 'EBUSY', '10']);
}));

test('human lines go to the console stream, never to stdout', () => withTmp(async (dir) => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => { text += c.toString(); });
  const log = createLogger(settings(dir), { consoleStream: out, file: false });
  log.withTag('sync').warn('root missing', { side: 'right' });
  await log.close();
  assert.match(text, /root missing/);
  assert.match(text, /side/);
}));

test('silentLogger discards lines but keeps the run id', async () => {
  const log = silentLogger();
  log.info('nothing');
  assert.equal(await log.runWith('r1', async () => log.withTag('x').runId()), 'r1');
  assert.equal(log.runId(), undefined);
  await log.close();
});

test('audit lines reach the file whatever the level, in order, with tag and run id, and never the console', () => withTmp(async (dir) => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => { text += c.toString(); });
  const log = createLogger(settings(dir, { level: 'silent' }), { consoleStream: out });
  const exec = log.withTag('sync').withTag('execute');
  log.runWith('run-7', () => {
    exec.info('dropped by the level');
    exec.audit('info', 'copy left → right a.txt', { event: 'action', path: 'a.txt' });
    exec.audit('warn', 'FAILED copy left → right b.txt', { event: 'action', path: 'b.txt' });
  });
  await log.close();
  const lines = readLines(join(dir, 'logs', LOG_FILE));
  assert.deepEqual(lines.map((l) => [l.level, l.tag, l.runId, l.msg]), [
    ['info', 'sync:execute', 'run-7', 'copy left → right a.txt'],
    ['warn', 'sync:execute', 'run-7', 'FAILED copy left → right b.txt'],
  ]);
  assert.equal(text, '');
  log.withTag('x').audit('info', 'after close goes nowhere, and does not throw', {});
}));

test('setLevel on any logger of the family applies to all of them, tagged children made before included (a live reload)', () => withTmp(async (dir) => {
  const log = createLogger(settings(dir, { level: 'warn' }), { console: false });
  const child = log.withTag('service').withTag('config');
  child.info('hidden at warn');
  child.setLevel('debug');
  log.debug('shown at debug');
  child.info('shown too');
  log.setLevel('error');
  child.warn('hidden at error');
  await log.close();
  assert.deepEqual(readLines(join(dir, 'logs', LOG_FILE)).map((l) => l.msg), ['shown at debug', 'shown too']);
}));
