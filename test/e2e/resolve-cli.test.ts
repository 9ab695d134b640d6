import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

/** A file edited on both sides under option 3: an open conflict, then `fn` settles it. */
function withOpenConflict(fn: (dir: string, config: string) => void, extraConfig = ''): void {
  const dir = makeTmp('sw-e2e-resolve-');
  try {
    for (const side of ['l', 'r']) {
      mkdirSync(join(dir, side));
      writeFileSync(join(dir, side, 'doc.txt'), 'base');
      writeFileSync(join(dir, side, '.mounted'), '');
      utimesSync(join(dir, side, 'doc.txt'), 1_700_000_000, 1_700_000_000);
    }
    const config = join(dir, 'c.json5');
    writeFileSync(config, `{ left: 'l', right: 'r', stateDir: 'st', log: { dir: 'logs' }, conflicts: { bothChanged: 'option3' }${extraConfig} }`);
    assert.equal(cli(['sync', '--config', config]).code, 0);
    writeFileSync(join(dir, 'l', 'doc.txt'), 'left edit');
    utimesSync(join(dir, 'l', 'doc.txt'), 1_700_000_100, 1_700_000_100);
    writeFileSync(join(dir, 'r', 'doc.txt'), 'right edit, longer');
    utimesSync(join(dir, 'r', 'doc.txt'), 1_700_000_200, 1_700_000_200);
    assert.equal(cli(['sync', '--config', config]).code, 0, 'a conflict is not an error');
    fn(dir, config);
  } finally {
    removeTmp(dir);
  }
}

test('conflicts lists an open option-3 conflict; the files stay untouched', () => {
  withOpenConflict((dir, config) => {
    const list = JSON.parse(cli(['conflicts', '--json', '--config', config]).stdout);
    assert.equal(list.length, 1);
    assert.deepEqual([list[0].key, list[0].rule, list[0].option, list[0].status, list[0].newer], ['doc.txt', 'bothChanged', 'option3', 'open', 'right']);
    assert.equal(readFileSync(join(dir, 'l', 'doc.txt'), 'utf8'), 'left edit');
    assert.equal(readFileSync(join(dir, 'r', 'doc.txt'), 'utf8'), 'right edit, longer');
  });
});

test('resolve --keep left copies left over right (old right version to its trash) and settles', () => {
  withOpenConflict((dir, config) => {
    const r = cli(['resolve', 'doc.txt', '--keep', 'left', '--config', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'r', 'doc.txt'), 'utf8'), 'left edit');
    const [stamp] = readdirSync(join(dir, 'r', '.sync_trash'));
    assert.equal(readFileSync(join(dir, 'r', '.sync_trash', stamp, 'doc.txt'), 'utf8'), 'right edit, longer');
    assert.deepEqual(JSON.parse(cli(['conflicts', '--json', '--config', config]).stdout), []);
    assert.deepEqual(JSON.parse(cli(['sync', '--json', '--config', config]).stdout).plan, []);
  });
});

test('resolve --keep both leaves the newer under the name and the older as a clash file on both sides', () => {
  withOpenConflict((dir, config) => {
    assert.equal(cli(['resolve', 'doc.txt', '--keep', 'both', '--config', config]).code, 0);
    for (const side of ['l', 'r']) {
      const names = readdirSync(join(dir, side)).filter((n) => n.startsWith('doc'));
      assert.equal(names.length, 2, `${side}: ${names}`);
      assert.equal(readFileSync(join(dir, side, 'doc.txt'), 'utf8'), 'right edit, longer');
      const clash = names.find((n) => n.includes('_clash_')) ?? '';
      assert.equal(readFileSync(join(dir, side, clash), 'utf8'), 'left edit');
    }
  });
});

test('resolve refuses a path without an open conflict, and a bad --keep, with exit 2', () => {
  withOpenConflict((_dir, config) => {
    assert.equal(cli(['resolve', 'other.txt', '--keep', 'left', '--config', config]).code, 2);
    assert.equal(cli(['resolve', 'doc.txt', '--keep', 'middle', '--config', config]).code, 2);
  });
});

test('resolve goes through the pass guards: with the sentinel missing on right it stops with exit 3, nothing touched', () => {
  withOpenConflict((dir, config) => {
    rmSync(join(dir, 'r', '.mounted'));
    const r = cli(['resolve', 'doc.txt', '--keep', 'left', '--config', config]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /sentinel|\.mounted/i);
    assert.equal(readFileSync(join(dir, 'l', 'doc.txt'), 'utf8'), 'left edit');
    assert.equal(readFileSync(join(dir, 'r', 'doc.txt'), 'utf8'), 'right edit, longer');
    assert.equal(existsSync(join(dir, 'r', '.sync_trash')), false);
    const list = JSON.parse(cli(['conflicts', '--json', '--config', config]).stdout);
    assert.deepEqual(list.map((c: { key: string; status: string }) => [c.key, c.status]), [['doc.txt', 'open']]);
  }, ", safety: { sentinel: '.mounted' }");
});

test('resolve with a root missing stops with exit 3 before the state is opened, nothing touched', () => {
  withOpenConflict((dir, config) => {
    const right = join(dir, 'r');
    const aside = join(dir, 'r-unmounted');
    renameSync(right, aside);
    const r = cli(['resolve', 'doc.txt', '--keep', 'left', '--config', config]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(existsSync(right), false, 'no root was re-created');
    renameSync(aside, right);
    assert.equal(readFileSync(join(dir, 'l', 'doc.txt'), 'utf8'), 'left edit');
    const list = JSON.parse(cli(['conflicts', '--json', '--config', config]).stdout);
    assert.deepEqual(list.map((c: { key: string; status: string }) => [c.key, c.status]), [['doc.txt', 'open']]);
  });
});
