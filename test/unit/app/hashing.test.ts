// app/hashing on real folders: the content proof reads only its candidates (through the pass's port), and a candidate it cannot read sits the pass out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { proveEqualContent } from '../../../src/app/hashing.js';
import { resolveConfig } from '../../../src/config/load.js';
import { gather } from '../../../src/facts/gather.js';
import type { Tree } from '../../../src/model/entry.js';
import type { Side } from '../../../src/model/side.js';
import { caseInsensitive } from '../../../src/ports/case-insensitive-fs.js';
import { faultyFs } from '../../../src/ports/faulty-fs.js';
import { nodeFs } from '../../../src/ports/node-fs.js';
import type { ScanResult } from '../../../src/scan/scanner.js';
import { OPTS, T, file } from '../../support/fixtures.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

function scanOf(side: Side, tree: Tree): ScanResult {
  return { side, tree, problems: [], incomplete: [], temps: [], files: tree.size, dirs: 0, ms: 0 };
}

test('proveEqualContent: reads the same-size pairs with different mtimes, derives them again, and leaves the rest alone', async () => {
  const tmp = makeTmp('sw-proof-');
  try {
    const roots = { left: join(tmp, 'left'), right: join(tmp, 'right') };
    for (const root of Object.values(roots)) mkdirSync(root);
    const put = (side: Side, rel: string, content: string) => writeFileSync(join(roots[side], rel), content);
    put('left', 'same.txt', 'abc'); put('right', 'same.txt', 'abc');
    put('left', 'diff.txt', 'abc'); put('right', 'diff.txt', 'xyz');
    put('left', 'gone.txt', 'abc'); // right's copy vanished after the scan: it cannot be read
    put('left', 'trusted.txt', 'abc'); put('right', 'trusted.txt', 'abc');
    const later = T.T0 + 3_600_000;
    const left: Tree = new Map(['same.txt', 'diff.txt', 'gone.txt', 'trusted.txt'].map((rel) => [rel, file(rel, 3)]));
    const right: Tree = new Map([
      ['same.txt', file('same.txt', 3, later)], ['diff.txt', file('diff.txt', 3, later)],
      ['gone.txt', file('gone.txt', 3, later)], ['trusted.txt', file('trusted.txt', 3, T.T0 + 1000)],
    ]);
    const facts = gather({ left, right, base: new Map(), scopeOf: () => 's', opts: OPTS });
    const scanned = { left: scanOf('left', left), right: scanOf('right', right) };
    const config = resolveConfig({ left: roots.left, right: roots.right }, join(tmp, 'config.json5'));
    const proof = await proveEqualContent(config, scanned, facts, OPTS);
    assert.deepEqual(proof, { compared: 2, comparedBytes: 15 });
    assert.equal(facts.get('same.txt')?.facts.sameContent, true);
    assert.equal(facts.get('diff.txt')?.facts.sameContent, false);
    assert.equal(facts.has('gone.txt'), false, 'an unreadable candidate sits the pass out');
    assert.equal(facts.get('trusted.txt')?.left?.hash, undefined, 'same size and mtime: trusted, not read');
    assert.deepEqual(scanned.right.problems.map((p) => [p.path, p.code, p.side]), [['gone.txt', 'ENOENT', 'right']]);
  } finally {
    removeTmp(tmp);
  }
});

test('proveEqualContent through a port: reads by its calls, so a name in another case is found as on NTFS', async () => {
  const tmp = makeTmp('sw-proof-port-');
  try {
    const roots = { left: join(tmp, 'left'), right: join(tmp, 'right') };
    for (const root of Object.values(roots)) mkdirSync(root);
    writeFileSync(join(roots.left, 'same.txt'), 'abc');
    writeFileSync(join(roots.right, 'SAME.txt'), 'abc'); // the listing says same.txt; only NTFS semantics find it
    const left: Tree = new Map([['same.txt', file('same.txt', 3)]]);
    const right: Tree = new Map([['same.txt', file('same.txt', 3, T.T0 + 3_600_000)]]);
    const facts = gather({ left, right, base: new Map(), scopeOf: () => 's', opts: OPTS });
    const scanned = { left: scanOf('left', left), right: scanOf('right', right) };
    const config = resolveConfig({ left: roots.left, right: roots.right }, join(tmp, 'config.json5'));
    const fs = faultyFs(caseInsensitive(nodeFs()));
    const proof = await proveEqualContent(config, scanned, facts, OPTS, { left: fs, right: fs });
    assert.deepEqual(proof, { compared: 1, comparedBytes: 6 });
    assert.equal(facts.get('same.txt')?.facts.sameContent, true);
    assert.deepEqual(fs.calls.filter((c) => c.op === 'readStream').map((c) => c.path).sort(), [join(roots.left, 'same.txt'), join(roots.right, 'same.txt')]);
  } finally {
    removeTmp(tmp);
  }
});
