import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** TreeOptions shape a generated tree; the same options always give the same tree. */
export interface TreeOptions {
  files: number;
  seed: number;
  /** Upper bound on the bytes of one side, in MiB; past it every file is small. */
  maxMiB: number;
}

/** BenchTrees are the two generated roots of one bench tree. */
export interface BenchTrees {
  dir: string;
  left: string;
  right: string;
  files: number;
  dirs: number;
  bytes: number;
}

const WORDS = ['Accounts', 'Invoices', 'Projekt', 'Büro', 'Résumé', 'client files', 'Ångström', 'archive', 'Q3 2025', 'Übersicht', 'naïve', 'Drafts'];
const EXTS = ['docx', 'xlsx', 'pdf', 'txt', 'jpg', 'msg', 'dwg', 'csv'];
const MAX_DEPTH = 5;
const FILES_PER_DIR = 10;

/** mulberry32 returns a seeded PRNG giving floats in [0, 1): fast, deterministic, good enough for shapes. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** benchTreeDir is where the cached tree for these options lives. */
export function benchTreeDir(opts: TreeOptions): string {
  return join(tmpdir(), 'syncwarden-bench', `tree-${opts.files}-s${opts.seed}-m${opts.maxMiB}`);
}

/** ensureBenchTrees returns the cached left/right trees for these options, generating them first when missing. */
export function ensureBenchTrees(opts: TreeOptions, log: (line: string) => void = () => {}): BenchTrees {
  const dir = benchTreeDir(opts);
  const done = join(dir, 'complete.json');
  const left = join(dir, 'left');
  const right = join(dir, 'right');
  if (existsSync(done)) return { dir, left, right, ...(JSON.parse(readFileSync(done, 'utf8')) as Stats) };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const stats = generateTree(left, opts);
  log(`generated ${stats.files} files in ${stats.dirs} folders (${(stats.bytes / 2 ** 20).toFixed(0)} MiB) in ${sec(t0)}`);
  const t1 = performance.now();
  copyTree(left, right);
  log(`copied to the right side in ${sec(t1)}`);
  // The marker lives outside both roots so scans never see it; written last so a killed run regenerates.
  writeFileSync(done, JSON.stringify(stats));
  return { dir, left, right, ...stats };
}

type Stats = { files: number; dirs: number; bytes: number };

/** generateTree writes a deterministic tree of `opts.files` files under `root` (which must not exist). */
export function generateTree(root: string, opts: TreeOptions): Stats {
  const rand = mulberry32(opts.seed);
  const folders = makeFolders(root, Math.max(1, Math.ceil(opts.files / FILES_PER_DIR)), rand);
  const pool = Buffer.alloc(4 * 2 ** 20);
  for (let i = 0; i < pool.length; i++) pool[i] = (rand() * 256) | 0;
  const budget = opts.maxMiB * 2 ** 20;
  let bytes = 0;
  for (let i = 0; i < opts.files; i++) {
    const size = Math.min(pickSize(rand), Math.max(0, budget - bytes) > 2 ** 20 ? Infinity : 2048);
    const start = (rand() * (pool.length - size)) | 0;
    const file = join(folders[i % folders.length], `${WORDS[(rand() * WORDS.length) | 0]} ${i}.${EXTS[i % EXTS.length]}`);
    writeFileSync(file, pool.subarray(start, start + size));
    // Whole seconds, like the cloud drive and FAT.
    const mtime = 1_704_067_200 + Math.floor(rand() * 365 * 86_400);
    utimesSync(file, mtime, mtime);
    bytes += size;
  }
  return { files: opts.files, dirs: folders.length - 1, bytes };
}

// Folder i hangs under a random earlier folder that is not yet at MAX_DEPTH: shallow, bushy, deterministic.
function makeFolders(root: string, count: number, rand: () => number): string[] {
  const paths = [root];
  const depths = [0];
  mkdirSync(root, { recursive: true });
  for (let i = 1; i < count; i++) {
    let parent = (rand() * paths.length) | 0;
    while (depths[parent] >= MAX_DEPTH) parent = (rand() * paths.length) | 0;
    const path = join(paths[parent], `${WORDS[(rand() * WORDS.length) | 0]} ${i}`);
    mkdirSync(path);
    paths.push(path);
    depths.push(depths[parent] + 1);
  }
  return paths;
}

// Mostly small office files, a few medium, very few large: about 3 KiB on average.
function pickSize(rand: () => number): number {
  const r = rand();
  if (r < 0.97) return (rand() * 2048) | 0;
  if (r < 0.999) return (rand() * 64 * 1024) | 0;
  return (rand() * 2 * 2 ** 20) | 0;
}

// `cp -a` is several times faster than cpSync on Linux; elsewhere the portable copy does.
function copyTree(from: string, to: string): void {
  if (process.platform === 'linux' && existsSync('/bin/cp')) {
    const r = spawnSync('/bin/cp', ['-a', from, to], { stdio: 'inherit' });
    if (r.status === 0) return;
  }
  cpSync(from, to, { recursive: true, preserveTimestamps: true });
}

function sec(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const trees = ensureBenchTrees(
    { files: argValue('--files', 90_000), seed: argValue('--seed', 1), maxMiB: argValue('--max-mib', 300) },
    (line) => console.log(line),
  );
  console.log(`${trees.left}\n${trees.right}`);
}
