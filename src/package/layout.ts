/** The Windows zip's layout: what goes in, from where, and what must never (pure). */

/** ROOT is the one folder the zip unpacks into. */
export const ROOT = 'syncwarden';

/**
 * WINSW is the WinSW build the zip ships: 2.11.0, the newest the npm registry holds (winsw-wrapper carries
 * it; node-windows carries 1.17, which reads the older XML), the one `service install` writes its XML for.
 * `service install` also writes the .exe.config that lets this .NET 2 build run on .NET 4.
 */
export const WINSW = {
  version: '2.11.0',
  package: 'winsw-wrapper',
  exe: 'bin/winsw/WinSW.NET2.exe',
  /** What its version resource says (peFileVersion). */
  fileVersion: '2.11.0.0',
  /** Its name in the zip; WinSW reads the XML of the same base name beside it. */
  as: 'syncwarden-service.exe',
} as const;

/** peFileVersion reads the FileVersion string of a Windows executable's version resource, if it has one. */
export function peFileVersion(exe: Buffer): string | undefined {
  const key = Buffer.from('FileVersion\0', 'utf16le');
  let at = exe.indexOf(key);
  if (at < 0) return undefined;
  // The value follows, aligned to 32 bits: skip the padding, read UTF-16 up to its NUL.
  for (at += key.length; at + 1 < exe.length && exe.readUInt16LE(at) === 0; at += 2);
  let end = at;
  while (end + 1 < exe.length && exe.readUInt16LE(end) !== 0) end += 2;
  return exe.toString('utf16le', at, end) || undefined;
}

/** ZipEntry is one file of the zip: its path below ROOT, and where its bytes come from. */
export type ZipEntry = { to: string } & ({ from: string } | { data: Buffer });

/** keepDistFile tells whether a built file (relative to dist/) ships: the program, not its tests, maps or packager. */
export function keepDistFile(rel: string): boolean {
  return rel.startsWith('src/') && !rel.startsWith('src/package/') && !rel.endsWith('.map');
}

/** keepModuleFile tells whether a file of the production node_modules ships: not npm's POSIX link farm. */
export function keepModuleFile(rel: string): boolean {
  return !rel.startsWith('.bin/') && !rel.includes('/.bin/');
}

/** nativeKind names the native code format a file starts with (an ELF or Mach-O binary, which Windows cannot load). */
export function nativeKind(head: Uint8Array): 'ELF' | 'Mach-O' | undefined {
  const word = head.length >= 4 ? ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0 : 0;
  if (word === 0x7f454c46) return 'ELF';
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(word)) return 'Mach-O';
  return undefined;
}

/** ModuleFile is a file of the staged node_modules as the packager saw it. */
export interface ModuleFile {
  rel: string;
  symlink: boolean;
  head: Uint8Array;
}

/**
 * moduleProblems lists why the staged node_modules would not run on Windows: a native addon (`.node`, or a
 * package that builds one), a binary for another OS, a symbolic link. Empty means it is plain JavaScript.
 */
export function moduleProblems(files: readonly ModuleFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!keepModuleFile(f.rel)) continue;
    if (f.symlink) out.push(`${f.rel}: a symbolic link`);
    else if (f.rel.endsWith('.node')) out.push(`${f.rel}: a native addon`);
    else if (f.rel.endsWith('/binding.gyp')) out.push(`${f.rel}: a native addon's build file`);
    else if (nativeKind(f.head)) out.push(`${f.rel}: an ${nativeKind(f.head)} binary`);
  }
  return out;
}

/** LockEntry is the part of a package-lock.json (v3) `packages` entry the packager reads. */
export interface LockEntry {
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  hasInstallScript?: boolean;
}

/**
 * lockProblems lists production packages of a lockfile that a zip made without running install scripts
 * cannot carry to Windows x64: one that runs an install script (a native build, or a binary download), or a
 * required one built for another OS or CPU. An optional package for another OS is simply left out.
 */
export function lockProblems(packages: Readonly<Record<string, LockEntry>>): string[] {
  const out: string[] = [];
  const allows = (list: string[] | undefined, value: string) => !list || list.includes(value) || (list.some((v) => v.startsWith('!')) && !list.includes(`!${value}`));
  for (const [path, entry] of Object.entries(packages)) {
    if (!path || entry.dev) continue;
    const forWindows = allows(entry.os, 'win32') && allows(entry.cpu, 'x64');
    if (entry.hasInstallScript && forWindows) out.push(`${path}: runs an install script`);
    if (!forWindows && !entry.optional) out.push(`${path}: built for ${[...(entry.os ?? []), ...(entry.cpu ?? [])].join(' ')}, not Windows x64`);
  }
  return out;
}

/** shippedPackageJson is the zip's package.json: what Node and the CLI read (ESM type, version), no scripts or dev tools. */
export function shippedPackageJson(pkg: Record<string, unknown>): string {
  const { name, version, description, type, license, bin, engines, dependencies } = pkg;
  return `${JSON.stringify({ name, version, description, type, license, private: true, bin, engines, dependencies }, null, 2)}\n`;
}

/** zipName is the file name of the zip for a version. */
export function zipName(version: string): string {
  return `${ROOT}-${version}-win-x64.zip`;
}

/** Sources are the folders the zip is assembled from, each already listed (relative paths with `/`). */
export interface Sources {
  repo: string;
  dist: readonly string[];
  policies: readonly string[];
  schemas: readonly string[];
  /** The admin web page's files (web/). */
  web: readonly string[];
  modulesDir: string;
  modules: readonly string[];
  nodeExe: string;
  winswExe: string;
  generated: { packageJson: string; build: string };
}

/** zipEntries lays out the whole zip below ROOT, sorted by path. */
export function zipEntries(s: Sources): ZipEntry[] {
  const at = (dir: string, rel: string) => `${dir}/${rel}`;
  const entries: ZipEntry[] = [
    { to: 'node.exe', from: s.nodeExe },
    { to: WINSW.as, from: s.winswExe },
    { to: 'bin/syncwarden', from: at(s.repo, 'bin/syncwarden') },
    { to: 'README.md', from: at(s.repo, 'README.md') },
    { to: 'install.ps1', from: at(s.repo, 'packaging/windows/install.ps1') },
    { to: 'config.template.json5', from: at(s.repo, 'packaging/windows/config.template.json5') },
    { to: 'package.json', data: Buffer.from(s.generated.packageJson) },
    { to: 'BUILD.json', data: Buffer.from(s.generated.build) },
    ...s.dist.filter(keepDistFile).map((rel) => ({ to: `dist/${rel}`, from: at(s.repo, `dist/${rel}`) })),
    ...s.policies.map((rel) => ({ to: `policies/${rel}`, from: at(s.repo, `policies/${rel}`) })),
    ...s.schemas.map((rel) => ({ to: `schemas/${rel}`, from: at(s.repo, `schemas/${rel}`) })),
    ...s.web.map((rel) => ({ to: `web/${rel}`, from: at(s.repo, `web/${rel}`) })),
    ...s.modules.filter(keepModuleFile).map((rel) => ({ to: `node_modules/${rel}`, from: at(s.modulesDir, rel) })),
  ];
  return entries.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
