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
 * FsPort is every file-system call the executor makes, on absolute paths. Real disks in tests;
 * the port exists for decorators: a case-insensitive view (Windows semantics on Linux) and fault injection.
 */
export interface FsPort {
  /** lstat; null when the path does not exist (ENOENT, ENOTDIR). */
  stat(path: string): Promise<FsStat | null>;
  readdir(path: string): Promise<FsDirent[]>;
  mkdir(path: string, recursive?: boolean): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Removes an empty folder; fails with ENOTEMPTY otherwise. */
  rmdir(path: string): Promise<void>;
  /** Streams `src` into `dst` (created or truncated), calling `onBytes` as chunks land. */
  copyFile(src: string, dst: string, onBytes?: (n: number) => void): Promise<void>;
  setMtime(path: string, mtimeMs: number): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  /** Hash of the file's content (hex), streamed. */
  hashFile(path: string): Promise<string>;
}
