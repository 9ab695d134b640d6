import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';
import { cli, fingerprint } from '../support/cli.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

/** withDir gives a temp folder holding left/ (with a file) and right/, and the path of its config file. */
function withDir(fn: (dir: string, config: string) => void): void {
  const dir = makeTmp('sw-e2e-validate-');
  try {
    mkdirSync(join(dir, 'left', 'sub'), { recursive: true });
    mkdirSync(join(dir, 'right'));
    writeFileSync(join(dir, 'left', 'a.txt'), 'a');
    fn(dir, join(dir, 'config.json5'));
  } finally {
    removeTmp(dir);
  }
}

/** rejected runs a command on a config and checks it stops with exit 2 naming each field, one `file: field: expected` line each. */
function rejected(command: string, config: string, text: string, fields: string[]): string {
  writeFileSync(config, text);
  const r = cli([command, '--config', config]);
  assert.equal(r.code, 2, `${command}: ${r.stdout}${r.stderr}`);
  for (const field of fields) assert.match(r.stderr, new RegExp(`^${escape(config)}: ${escape(field)}: expected `, 'm'), r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  return r.stderr;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ROOTS = `left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' }`;

test('validate: a root inside the other, either way, is rejected naming the inner one', () => {
  withDir((_dir, config) => {
    const inner = rejected('validate', config, `{ left: 'left', right: 'left/sub', stateDir: 'state', log: { dir: 'logs' } }`, ['right']);
    assert.match(inner, /outside left/);
    rejected('validate', config, `{ left: 'right/../left/sub', right: 'left', stateDir: 'state', log: { dir: 'logs' } }`, ['left']);
  });
});

test('validate: the same folder after resolving case, ".." and links is rejected', () => {
  withDir((dir, config) => {
    // Case-insensitive (the default): LEFT and left name one folder on Windows.
    rejected('validate', config, `{ left: 'left', right: 'LEFT', stateDir: 'state', log: { dir: 'logs' } }`, ['right']);
    symlinkSync(join(dir, 'left'), join(dir, 'alias'));
    rejected('validate', config, `{ left: 'left', right: 'alias', stateDir: 'state', log: { dir: 'logs' } }`, ['right']);
    // A link into the other root nests it, case-sensitive config or not.
    symlinkSync(join(dir, 'left', 'sub'), join(dir, 'link'));
    rejected('validate', config, `{ left: 'left', right: 'link', caseInsensitive: false, stateDir: 'state', log: { dir: 'logs' } }`, ['right']);
  });
});

test('validate: case-sensitive configs keep folders that differ only in case apart', () => {
  withDir((dir, config) => {
    mkdirSync(join(dir, 'Right'));
    writeFileSync(config, `{ left: 'right', right: 'Right', caseInsensitive: false, stateDir: 'state', log: { dir: 'logs' } }`);
    const r = cli(['validate', '--config', config]);
    assert.equal(r.code, 0, r.stderr);
  });
});

test('validate: stateDir that is a file or inside a root, log.dir inside a root, mail without a recipient: every error at once', () => {
  withDir((dir, config) => {
    writeFileSync(join(dir, 'state'), 'not a folder');
    const text = `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'right/logs' }, email: { enabled: true } }`;
    const err = rejected('validate', config, text, ['stateDir', 'log.dir', 'email.to']);
    assert.match(err, /stateDir: expected a folder.*found a file/);
    rejected('validate', config, `{ left: 'left', right: 'right', stateDir: 'left/.syncwarden', log: { dir: 'logs' } }`, ['stateDir']);
    // A schema error does not hide the placement errors.
    rejected('validate', config, `{ left: 'left', right: 'left/sub', stateDir: 'left/st', softDelete: { maxSizeMB: -1 } }`, ['softDelete.maxSizeMB', 'right', 'stateDir']);
  });
});

test('sync, scan and status refuse the same configs with exit 2 and touch nothing (no stack trace)', () => {
  withDir((dir, config) => {
    writeFileSync(join(dir, 'state'), 'not a folder');
    const before = fingerprint(dir);
    rejected('sync', config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs' } }`, ['stateDir']);
    rejected('sync', config, `{ left: 'left', right: 'left/sub', stateDir: 'st', log: { dir: 'logs' } }`, ['right']);
    rejected('scan', config, `{ left: 'left', right: 'left/sub', stateDir: 'st', log: { dir: 'logs' } }`, ['right']);
    rejected('status', config, `{ left: 'left', right: 'right', stateDir: 'right/st', log: { dir: 'logs' } }`, ['stateDir']);
    assert.deepEqual(fingerprint(dir).filter((l) => !l.startsWith('config.json5')), before);
  });
});

test('validate: a root that does not exist yet is a warning, not "ok", and still exits 0', () => {
  withDir((_dir, config) => {
    writeFileSync(config, `{ left: 'left', right: 'not-mounted', stateDir: 'state', log: { dir: 'logs' } }`);
    const r = cli(['validate', '--config', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^warning: .*config\.json5: right: expected an existing folder, found nothing/m);
    assert.doesNotMatch(r.stdout, /^ok/m);
    writeFileSync(config, `{ ${ROOTS} }`);
    assert.match(cli(['validate', '--config', config]).stdout, /^ok: /);
  });
});

test('validate: the shipped demo config (npm start) passes', () => {
  const r = cli(['validate', '--config', join(projectRoot(), 'config.json5')]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /stateDir|log\.dir/);
});

test('validate: a cron expression that does not parse is rejected, as run rejects it (the service checks an edited config with validate\'s code)', () => {
  withDir((_dir, config) => {
    rejected('validate', config, `{ ${ROOTS}, scan: { fullRescanCron: 'every hour' }, transfer: { schedules: [{ cron: '0 25 * * *', hours: 1, maxBytesPerSecond: 1 }] } }`, ['scan.fullRescanCron', 'transfer.schedules[0].cron']);
  });
});
