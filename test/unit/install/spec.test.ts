import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { logDirOf } from '../../../src/config/load.js';
import { isLocalSystem, splitAccount } from '../../../src/install/spec.js';
import { xmlNameFor } from '../../../src/install/install-windows.js';

test('logDirOf: unset is %ProgramData%\\syncwarden\\logs on Windows and .syncwarden/logs next to the config elsewhere; a path is config-relative', () => {
  assert.equal(logDirOf(null, 'C:\\sw\\office.json5', 'win32', { ProgramData: 'D:\\ProgramData' }), 'D:\\ProgramData\\syncwarden\\logs');
  assert.equal(logDirOf(null, 'C:\\sw\\office.json5', 'win32', {}), 'C:\\ProgramData\\syncwarden\\logs');
  assert.equal(logDirOf(null, '/etc/sw/office.json5', 'linux', {}), '/etc/sw/.syncwarden/logs');
  assert.equal(logDirOf('logs', '/etc/sw/office.json5', 'linux', {}), join('/etc/sw', 'logs'));
});

test('accounts: LocalSystem in its spellings; DOMAIN\\user, user@domain and a bare name split into domain and user', () => {
  for (const name of ['LocalSystem', 'localsystem', 'NT AUTHORITY\\SYSTEM', '.\\LocalSystem']) assert.equal(isLocalSystem(name), true, name);
  for (const name of ['OFFICE\\anna', 'system32', 'NT AUTHORITY\\NetworkService']) assert.equal(isLocalSystem(name), false, name);
  assert.deepEqual(splitAccount('OFFICE\\anna'), { domain: 'OFFICE', user: 'anna' });
  assert.deepEqual(splitAccount('.\\anna'), { domain: '.', user: 'anna' });
  assert.deepEqual(splitAccount('anna@office.example'), { domain: 'office.example', user: 'anna' });
  assert.deepEqual(splitAccount('anna'), { domain: '.', user: 'anna' });
});

test('xmlNameFor: WinSW reads the XML of its own base name', () => {
  assert.equal(xmlNameFor('C:\\Program Files\\syncwarden\\syncwarden-service.exe'), 'syncwarden-service.xml');
  assert.equal(xmlNameFor('/x/WinSW.NET2.EXE'), 'WinSW.NET2.xml');
});
