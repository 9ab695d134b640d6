import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BaseRecord } from '../../../src/model/base.js';
import { decodeState, encodeState, FORMAT_VERSION } from '../../../src/state/codec.js';
import { emptyState } from '../../../src/state/types.js';

const side = (rel: string, over: object = {}) => ({ rel, size: 10, mtimeMs: 1_700_000_000_000, mode: 0o644, ino: 5, ...over });

interface Row { description: string; key: string; rec: BaseRecord }

const ROWS: Row[] = [
  { description: 'key equal to rel (case-sensitive run)', key: 'Docs/A.txt', rec: { type: 'file', left: side('Docs/A.txt'), right: side('Docs/A.txt') } },
  { description: 'key is the lower-cased NFC rel', key: 'docs/ä.txt', rec: { type: 'file', left: side('Docs/A\u0308.txt'), right: side('Docs/A\u0308.txt') } },
  { description: 'key unrelated to rel (stored in full)', key: 'x/y', rec: { type: 'file', left: side('Other'), right: side('Other') } },
  { description: 'right spelled differently, other size and mtime', key: 'r.txt', rec: { type: 'file', left: side('R.txt'), right: side('r.TXT', { size: 99, mtimeMs: 1_699_999_999_000 }) } },
  { description: 'fractional mtimes round-trip exactly', key: 'f', rec: { type: 'file', left: side('f', { mtimeMs: 1.1 }), right: side('f', { mtimeMs: 3.3 }) } },
  { description: 'hash on one side only', key: 'h', rec: { type: 'file', left: side('h', { hash: 'abc' }), right: side('h') } },
  { description: 'hash on the right only', key: 'h2', rec: { type: 'file', left: side('h2'), right: side('h2', { hash: 'def' }) } },
  { description: 'folder', key: 'd', rec: { type: 'dir', left: side('d', { size: 0 }), right: side('d', { size: 0, mode: 0o700 }) } },
  { description: 'quotes, backslash-free Windows-legal oddities and emoji', key: 'q "1" 😀.txt', rec: { type: 'file', left: side('q "1" 😀.txt'), right: side('q "1" 😀.txt') } },
  { description: 'a name that is the digit 0 (not the "same" marker)', key: '0', rec: { type: 'file', left: side('0'), right: side('0') } },
  { description: 'huge ino (NTFS file id beyond 2^53 loses precision identically)', key: 'i', rec: { type: 'file', left: side('i', { ino: 2 ** 60 }), right: side('i', { ino: 2 ** 53 + 2 }) } },
];

for (const row of ROWS) {
  test(`codec round trip: ${row.description}`, () => {
    const data = emptyState();
    data.base.set(row.key, row.rec);
    const text = encodeState(data);
    assert.ok(text.startsWith(`{"formatVersion":${FORMAT_VERSION},"checksum":"sha256:`));
    const back = decodeState(Buffer.from(text, 'utf8')).data;
    assert.deepEqual(back.base.get(row.key), row.rec);
  });
}

test('the file is one line of valid JSON', () => {
  const data = emptyState();
  data.base.set('a', ROWS[0].rec);
  const text = encodeState(data);
  assert.equal(text.indexOf('\n'), text.length - 1);
  assert.equal((JSON.parse(text) as { formatVersion: number }).formatVersion, FORMAT_VERSION);
});
