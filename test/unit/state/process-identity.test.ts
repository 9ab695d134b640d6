import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ownStartId, parseProcStat, processState } from '../../../src/state/process-identity.js';

const cases: { description: string; line: string; want: ReturnType<typeof parseProcStat> }[] = [
  { description: 'a plain command name', line: '4242 (node) S 1 4242 4242 0 -1 4194560 1 0 0 0 5 1 0 0 20 0 11 0 71384 1 2', want: { state: 'S', startTicks: '71384' } },
  { description: 'a name holding spaces and parentheses', line: '7 (a) b (c)) Z 1 7 7 0 -1 4194560 1 0 0 0 5 1 0 0 20 0 1 0 99 1 2', want: { state: 'Z', startTicks: '99' } },
  { description: 'a line cut short', line: '7 (node) R 1 7', want: null },
  { description: 'no command name at all', line: 'garbage', want: null },
];

for (const c of cases) {
  test(`parseProcStat: ${c.description}`, () => assert.deepEqual(parseProcStat(c.line), c.want));
}

test('processState: this process is alive with a start identity on Linux; a dead pid is not alive', { skip: !existsSync('/proc/self/stat') && 'needs /proc' }, () => {
  const me = processState(process.pid);
  assert.ok(me.alive);
  assert.match(String(me.startId), /^linux:[0-9a-f-]{36}:\d+$/);
  assert.equal(ownStartId(), me.startId);
  assert.deepEqual(processState(2 ** 22 + 1), { alive: false });
});
