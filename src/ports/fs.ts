/** What a stat tells the engine; `symlink` and `other` are never followed or synced. */
export interface FsStat {
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  /** Whole milliseconds. */
  mtimeMs: number;
  /** `mode & 0o7777` */
  mode: number;
  ino: number;
}

export interface FsDirent {
  name: string;
  type: FsStat['type'];
}

/**
 * FsPort is every file-system call a pass makes on a root (scan, hash, temp sweep, trash purge, execute), on
 * absolute paths. Real disks in tests; the port exists for decorators: a case-insensitive view (Windows
 * semantics on Linux) and fault injection.
 */
export interface FsPort {
  /**
   * True only on the plain node:fs port (nodeFs): a caller may then reach the same disk by a faster route of its
   * own (the scan's and the hasher's worker threads with synchronous calls). Decorators never set it, so a
   * decorated port sees every call of the pass.
   */
  readonly native?: boolean;
  /**
   * True when copyFile gives the new file its source's permission bits itself (libuv's copyfile sets them on the
   * open file; Windows' CopyFile keeps the read-only attribute): the executor then skips its own chmod.
   */
  readonly copyKeepsMode?: boolean;
  /** lstat; null when the path does not exist (ENOENT, ENOTDIR). */
  stat(path: string): Promise<FsStat | null>;
  readdir(path: string): Promise<FsDirent[]>;
  mkdir(path: string, recursive?: boolean): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Removes an empty folder; fails with ENOTEMPTY otherwise. */
  rmdir(path: string): Promise<void>;
  /**
   * Copies `src` into a new file `dst`, failing with EEXIST when anything is already there (a temp name is
   * random, so that is a stray entry, never ours to overwrite), calling `onBytes` as chunks land when it streams; a port
   * that copies in one call may not call it at all (the caller then reads the size from the finished file).
   * `size` is the source's size as the caller last saw it: a hint for how to copy, never trusted as the result.
   */
  copyFile(src: string, dst: string, onBytes?: (n: number) => void, size?: number): Promise<void>;
  setMtime(path: string, mtimeMs: number): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  /** Reads the file's content as a stream of chunks (for hashing), never holding the file whole. */
  readStream(path: string): AsyncIterable<Uint8Array>;
}
