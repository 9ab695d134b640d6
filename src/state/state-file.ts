import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { TextFile } from 'lowdb/node';
import { decodeState, encodeState } from './codec.js';
import type { StateData } from './types.js';

/**
 * StateFile is the lowdb adapter for state.json. Writes go through lowdb's TextFile, i.e. steno: a temp
 * file and then a rename, so a crash leaves the old file or the new one, never a torn one. Reads take raw
 * bytes so the checksum runs on them without a second UTF-8 encoding (JSONFile would re-encode ~10 MB).
 */
export class StateFile implements Adapter<StateData> {
  readonly #file: string;
  readonly #writer: TextFile;

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
    return decodeState(bytes);
  }

  /** write encodes the state and hands it to steno, which merges writes that overlap. */
  write(data: StateData): Promise<void> {
    return this.#writer.write(encodeState(data));
  }
}
