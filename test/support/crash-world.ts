import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bigContent, isTrash, listRoot, Rng, writeAt, type Listing } from './crash.js';

const MB = 1024 * 1024;
const T0 = Date.UTC(2026, 10, 25, 4, 12, 0);

export type Side = 'left' | 'right';

/**
 * CrashWorld is one trial's pair of roots plus what the user did to them: every version ever written
 * (by digest), the versions that must survive per path, the paths deliberately removed, and the paths
 * edited on both sides (where a clash file is expected).
 */
export class CrashWorld {
  readonly left: string;
  readonly right: string;
  readonly config: string;
  readonly versions = new Set<string>();
  /** path → digests of the latest versions a user wrote there (two after an edit on both sides). */
  readonly live = new Map<string, Set<string>>();
  /** Paths a user deleted (or renamed away): after a converged sync they must be absent from both trees. */
  readonly gone = new Set<string>();
  readonly bothEdited = new Set<string>();
  private clock = T0;
  private tag = 0;

  constructor(readonly dir: string, readonly rng: Rng) {
    this.left = join(dir, 'left');
    this.right = join(dir, 'right');
    mkdirSync(this.left);
    mkdirSync(this.right);
    this.config = join(dir, 'config.json5');
    writeFileSync(this.config, `{ left: 'left', right: 'right', stateDir: 'state', log: { dir: 'logs', level: 'warn' } }`);
  }

  root(side: Side): string { return side === 'left' ? this.left : this.right; }

  /** write puts a new version at `rel` on one side, mtime strictly after every earlier write (by ≥ 10 s). */
  write(side: Side, rel: string, bytes: number | null, replaceLive = true): string {
    this.clock += 10_000;
    const tag = `${side}:${rel}#${++this.tag}`;
    const content = bytes === null ? `small ${tag}\n`.repeat(this.rng.int(1, 40)) : bigContent(this.rng, tag, bytes);
    const hash = writeAt(join(this.root(side), rel), content, this.clock);
    this.versions.add(hash);
    if (replaceLive || !this.live.has(rel)) this.live.set(rel, new Set([hash]));
    else this.live.get(rel)!.add(hash);
    this.gone.delete(rel);
    return hash;
  }

  /** bigSize is a random size of 1–8 MB. */
  bigSize(): number { return this.rng.int(1 * MB, 8 * MB); }

  /** remove deletes a file or a folder (with everything in it) on one side, deliberately. */
  remove(side: Side, rel: string): void {
    rmSync(join(this.root(side), rel), { recursive: true });
    for (const p of [...this.live.keys()]) {
      if (p === rel || p.startsWith(`${rel}/`)) {
        this.live.delete(p);
        this.gone.add(p);
      }
    }
  }

  /** move renames a file on one side; its versions now live at the new path. */
  move(side: Side, from: string, to: string): void {
    renameSync(join(this.root(side), from), join(this.root(side), to));
    this.live.set(to, this.live.get(from)!);
    this.live.delete(from);
    this.gone.add(from);
  }

  /** setup writes the initial trees: big files under big/ on both sides, small ones in a few folders. */
  setup(maxBig = 8): { big: string[]; small: Record<Side, string[]> } {
    const big: string[] = [];
    const nBig = this.rng.int(5, Math.max(5, maxBig));
    for (let i = 0; i < nBig; i++) {
      const rel = `big/b${i}.bin`;
      this.write(i % 2 ? 'right' : 'left', rel, this.bigSize());
      big.push(rel);
    }
    const small: Record<Side, string[]> = { left: [], right: [] };
    for (let j = 0; j < 30; j++) small.left.push(`docs/${j % 3 ? 'a' : 'b'}/s${j}.txt`);
    for (let j = 0; j < 15; j++) small.right.push(`notes/n${j}.txt`);
    for (let j = 0; j < 5; j++) small.right.push(`notes/old/o${j}.txt`);
    for (const side of ['left', 'right'] as const) for (const rel of small[side]) this.write(side, rel, null);
    return { big, small };
  }

  /**
   * mutate makes the changes a following pass must carry over: edits on each side (overwrites that go to
   * the trash), edits on both sides (clashes), deletes, a deleted folder, a rename and new files.
   */
  mutate(big: string[], small: Record<Side, string[]>): void {
    const r = this.rng;
    const bigs = [...big];
    const lefts = small.left.filter((p) => p.startsWith('docs/'));
    const rights = small.right.filter((p) => !p.startsWith('notes/old/'));
    for (const rel of r.take(lefts, 3)) this.write('left', rel, null);
    for (const rel of r.take(bigs, 2)) this.write('left', rel, this.bigSize());
    for (const rel of r.take(rights, 3)) this.write('right', rel, null);
    for (const rel of r.take(bigs, 1)) this.write('right', rel, this.bigSize());
    for (const rel of [...r.take(lefts, 1), ...r.take(rights, 1), ...r.take(bigs, 1)]) {
      const size = rel.endsWith('.bin') ? this.bigSize() : null;
      this.write('left', rel, size);
      this.write('right', rel, size === null ? null : this.bigSize(), false);
      this.bothEdited.add(rel);
    }
    for (const rel of [...r.take(lefts, 2), ...r.take(bigs, 1)]) this.remove('left', rel);
    for (const rel of r.take(rights, 2)) this.remove('right', rel);
    this.remove('right', 'notes/old');
    const [from] = r.take(lefts, 1);
    this.move('left', from, from.replace(/s(\d+)\.txt$/, 'renamed-$1.txt'));
    for (let k = 0; k < r.int(1, 3); k++) this.write('left', `big/new-l${k}.bin`, this.bigSize());
    for (let k = 0; k < r.int(1, 2); k++) this.write('right', `big/new-r${k}.bin`, this.bigSize());
    for (let k = 0; k < 10; k++) this.write('left', `inbox/i${k}.txt`, null);
    for (let k = 0; k < 5; k++) this.write('right', `outbox/o${k}.txt`, null);
  }

  /** liveHashes is every version that must survive. */
  liveHashes(): Set<string> {
    const out = new Set<string>();
    for (const hs of this.live.values()) for (const h of hs) out.add(h);
    return out;
  }
}

/** safetyErrors lists breaches of "no partial file, no file lost" that must hold even right after a kill. */
export function safetyErrors(world: CrashWorld, lists: Record<Side, Listing>): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const side of ['left', 'right'] as const) {
    for (const f of lists[side].files.values()) {
      seen.add(f.hash);
      if (!world.versions.has(f.hash)) errors.push(`${side}:${f.rel} (${f.size} bytes) holds no version a user wrote: partial or invented`);
    }
  }
  for (const [rel, hs] of world.live) {
    for (const h of hs) if (!seen.has(h)) errors.push(`LOST: the latest version ${h.slice(0, 12)} of ${rel} is nowhere on either side, trash included`);
  }
  return errors;
}

const CLASH = /^(.*)_clash_\d{12}(?:_\d+)?(\.[^./]*)?$/;

/** convergedErrors lists what a converged pair must satisfy beyond safety: equal trees, nothing resurrected or invented. */
export function convergedErrors(world: CrashWorld, lists: Record<Side, Listing>): string[] {
  const errors = safetyErrors(world, lists);
  const tree = (l: Listing) => new Map([...l.files].filter(([rel]) => !isTrash(rel)));
  const left = tree(lists.left);
  const right = tree(lists.right);
  for (const [rel, f] of left) {
    const g = right.get(rel);
    if (!g) errors.push(`only on left: ${rel}`);
    else if (g.hash !== f.hash) errors.push(`differs: ${rel}`);
    else if (Math.abs(g.mtimeMs - f.mtimeMs) > 2000) errors.push(`mtimes differ: ${rel} (${f.mtimeMs} vs ${g.mtimeMs})`);
  }
  for (const rel of right.keys()) if (!left.has(rel)) errors.push(`only on right: ${rel}`);
  const dirs = (l: Listing) => [...l.dirs].filter((d) => !isTrash(d)).sort().join('\n');
  if (dirs(lists.left) !== dirs(lists.right)) errors.push('folder sets differ');
  const present = new Set([...left.values()].map((f) => f.hash));
  for (const [rel, hs] of world.live) {
    for (const h of hs) if (!present.has(h)) errors.push(`the latest version of ${rel} ended only in a trash (or nowhere)`);
  }
  for (const rel of world.gone) if (left.has(rel) || right.has(rel)) errors.push(`resurrected: ${rel} was deleted by a user`);
  const clashes = new Map<string, number>();
  for (const rel of left.keys()) {
    const m = CLASH.exec(rel);
    if (!m) continue;
    const origin = `${m[1]}${m[2] ?? ''}`;
    clashes.set(origin, (clashes.get(origin) ?? 0) + 1);
    if (!world.bothEdited.has(origin)) errors.push(`invented conflict: ${rel} (nobody edited ${origin} on both sides)`);
  }
  for (const rel of world.bothEdited) {
    if ((clashes.get(rel) ?? 0) !== 1) errors.push(`expected exactly one clash file for ${rel}, found ${clashes.get(rel) ?? 0}`);
  }
  return errors;
}

/** listBoth lists both roots of a world. */
export function listBoth(world: CrashWorld): Record<Side, Listing> {
  return { left: listRoot(world.left), right: listRoot(world.right) };
}
