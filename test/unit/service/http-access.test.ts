import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../../src/config/config.js';
import { InputError } from '../../../src/model/errors.js';
import { checkAccess, endpointAccess, isLoopbackAddress, isLoopbackHost, type AccessRequest } from '../../../src/service/http-access.js';
import { makeTmp, removeTmp } from '../../support/tmp.js';

const TOKEN = 'abcdefghijklmnop-0123';
const get = (over: Partial<AccessRequest> & { host?: string } = {}): AccessRequest => ({
  method: 'GET', remote: '127.0.0.1', ...over, headers: { host: over.host ?? '127.0.0.1:8787', ...over.headers },
});

test('checkAccess: loopback without a token, under loopback Host names only', () => {
  const open = { token: null };
  assert.equal(checkAccess(get(), open), null);
  assert.equal(checkAccess(get({ host: 'localhost:8787' }), open), null);
  assert.equal(checkAccess(get({ host: '[::1]:8787', remote: '::1' }), open), null);
  assert.equal(checkAccess(get({ remote: '::ffff:127.0.0.1' }), open), null);
  assert.equal(checkAccess(get({ host: 'evil.example:8787' }), open)?.status, 403, 'DNS rebinding');
  assert.equal(checkAccess(get({ host: '127.0.0.1.evil.example' }), open)?.status, 403);
  assert.equal(checkAccess(get({ remote: '192.168.1.7' }), open)?.status, 401);
});

test('checkAccess: a POST without the token needs the request header and no foreign Origin', () => {
  const open = { token: null };
  assert.match(checkAccess(get({ method: 'POST' }), open)?.error ?? '', /x-syncwarden-request/);
  assert.equal(checkAccess(get({ method: 'POST', headers: { 'x-syncwarden-request': 'page' } }), open), null);
  assert.equal(checkAccess(get({ method: 'POST', headers: { 'x-syncwarden-request': 'page', origin: 'http://127.0.0.1:8787' } }), open), null);
  assert.equal(checkAccess(get({ method: 'POST', headers: { 'x-syncwarden-request': 'page', origin: 'http://evil.example' } }), open)?.status, 403);
  assert.equal(checkAccess(get({ method: 'POST', headers: { 'x-syncwarden-request': 'page', origin: 'null' } }), open)?.status, 403);
});

test('checkAccess: the right token admits from anywhere, any Host, any method; a wrong one never', () => {
  const access = { token: TOKEN };
  const auth = { authorization: `Bearer ${TOKEN}` };
  assert.equal(checkAccess(get({ remote: '10.0.0.9', host: 'office-server:8787', method: 'POST', headers: auth }), access), null);
  assert.equal(checkAccess(get({ remote: '10.0.0.9' }), access)?.status, 401);
  assert.equal(checkAccess(get({ remote: '10.0.0.9', headers: { authorization: 'Bearer nope' } }), access)?.status, 401);
  assert.equal(checkAccess(get({ headers: { authorization: `Basic ${TOKEN}` } }), access)?.status, 401, 'only Bearer');
  assert.equal(checkAccess(get({ headers: auth }), { token: null })?.status, 401, 'a token where none is configured');
  assert.equal(checkAccess(get({ remote: '10.0.0.9' }), access, true), null, "the page's static files hold no data");
});

test('isLoopbackHost and isLoopbackAddress', () => {
  for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com', 'localhost.example.com', '128.0.0.1']) assert.equal(isLoopbackHost(h), false, h);
  assert.equal(isLoopbackAddress(undefined), false);
  assert.equal(isLoopbackAddress('::ffff:127.0.0.1'), true);
});

function config(health: Partial<Config['health']>): Config {
  return { file: '/x/config.json5', health: { enabled: true, host: '127.0.0.1', port: 0, tokenEnv: 'SW_T', tokenFile: null, ...health } } as Config;
}

test('endpointAccess: a token is needed only off loopback; from the variable or the file (which wins); never short', () => {
  assert.deepEqual(endpointAccess(config({}), {}), { token: null });
  assert.throws(() => endpointAccess(config({ host: '0.0.0.0' }), {}), (e: unknown) => e instanceof InputError && /health\.host: expected .* SW_T/.test(e.message));
  assert.deepEqual(endpointAccess(config({ host: '0.0.0.0' }), { SW_T: ` ${TOKEN}\n` }), { token: TOKEN });
  assert.throws(() => endpointAccess(config({}), { SW_T: 'short' }), /health\.tokenEnv: expected a token of at least 16 characters/);
  const dir = makeTmp('sw-unit-token-');
  try {
    const file = join(dir, 'token');
    writeFileSync(file, `${TOKEN}-from-file\r\nignored\n`);
    assert.deepEqual(endpointAccess(config({ host: '::', tokenFile: file }), { SW_T: TOKEN }), { token: `${TOKEN}-from-file` });
    assert.throws(() => endpointAccess(config({ tokenFile: join(dir, 'missing') }), {}), /health\.tokenFile: expected a readable file .* ENOENT/);
  } finally {
    removeTmp(dir);
  }
});
