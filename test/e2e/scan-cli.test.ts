import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fingerprint } from '../support/cli.js';
import { makeTmp, removeTmp } from '../support/tmp.js';
import { write } from '../unit/scan/helpers.js';

function withTrees(fn: (dir: string, config: string) => void): void {
  const dir = makeTmp('sw-e2e-scan-');
  try {
    write(join(dir, 'left'), { 'a.txt': 'a', 'Thumbs.db': 't', shared: { 'x.txt': 'x', 'clash': 'file here' } });
    write(join(dir, 'right'), { 'b.txt': 'b', 'c.txt': 'c', shared: { 'X.TXT': 'x', 'clash': {}, deeper: {} } });
    const config = join(dir, 'config.json5');
    writeFileSync(config, `{ left: 'left', right: 'right', stateDir: 'state' }`);
    fn(dir, config);
  } finally {
    removeTmp(dir);
  }
}

test('scan --json counts both sides and changes nothing', () => withTrees((dir, config) => {
  const before = fingerprint(dir);
  const r = cli(['scan', '--json', '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.deepEqual(summary.files, { left: 3, right: 3, onlyLeft: 1, onlyRight: 2, both: 1 });
  assert.deepEqual(summary.folders, { left: 1, right: 3, onlyLeft: 0, onlyRight: 1, both: 1 });
  assert.equal(summary.typeClashes, 1);
  assert.deepEqual(summary.problems, { count: 0, first: [] });
  assert.ok(summary.ms.total >= 0);
  assert.deepEqual(fingerprint(dir), before, 'scan must not touch either tree, nor create state');
}));

test('scan prints a table for a person', () => withTrees((_dir, config) => {
  const r = cli(['scan', '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /only left\s+only right\s+both/);
  assert.match(r.stdout, /^files\s+3\s+3\s+1\s+2\s+1$/m);
  assert.match(r.stdout, /^problems: 0$/m);
}));

test('scan with a bad config exits 2 and names the field', () => withTrees((dir) => {
  const bad = join(dir, 'bad.json5');
  writeFileSync(bad, `{ left: 'left', right: 'right', caseInsensitive: 'yes' }`);
  const r = cli(['scan', '--config', bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /caseInsensitive/);
}));

test('scan with a missing root exits 3', () => withTrees((dir) => {
  const config = join(dir, 'gone.json5');
  writeFileSync(config, `{ left: 'left', right: 'not-mounted' }`);
  const r = cli(['scan', '--config', config]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /rootMissing/);
}));
