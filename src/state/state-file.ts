import { readFile, stat } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { TextFile } from 'lowdb/node';
import { decodeState, encodeState } from './codec.js';
import type { StateData } from './types.js';

/**
 * StateFile is the lowdb adapter for state.json, the snapshot. Writes go through lowdb's TextFile, i.e. steno:
 * a temp file and then a rename, so a crash leaves the old file or the new one, never a torn one. Reads take
 * raw bytes so the checksum runs on them without a second UTF-8 encoding (JSONFile would re-encode ~10 MB).
 */
export class StateFile implements Adapter<StateData> {
  readonly #file: string;
  readonly #writer: TextFile;
  /** The format version of the file last read (null: there was none). */
  version: number | null = null;
  /** Bytes of the file as last read or written. */
  bytes = 0;

  constructor(file: string) {
    this.#file = file;
    this.#writer = new TextFile(file);
  }

  /** read returns the decoded state, null when there is no file, or throws StateCorrupt. */
  async read(): Promise<StateData | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.#file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { data, version } = decodeState(bytes);
    this.version = version;
    this.bytes = bytes.length;
    return data;
  }

  /** write encodes the state and hands it to steno (temp file + rename). */
  async write(data: StateData): Promise<void> {
    const text = encodeState(data);
    await this.#writer.write(text);
    this.bytes = Buffer.byteLength(text);
    this.version = null;
  }

  /** exists tells whether the snapshot is on disk. */
  async exists(): Promise<boolean> {
    return stat(this.#file).then(() => true, () => false);
  }
}
