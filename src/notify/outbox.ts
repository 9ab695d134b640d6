import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailKind, MailMessage } from './types.js';

/** OutboxEntry is one message waiting on disk, with its delivery history. */
export interface OutboxEntry {
  id: string;
  /** File name inside the outbox folder. */
  file: string;
  kind: MailKind;
  runId: string | null;
  createdAt: string;
  attempts: number;
  nextTryAt: string;
  lastTryAt?: string;
  lastError?: string;
  message: MailMessage;
}

/** OUTBOX_DIR is the outbox folder's name inside stateDir. */
export const OUTBOX_DIR = 'outbox';

const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 6 * 3_600_000;

/** backoffMs is the wait after the n-th failed attempt: 1 min, 2, 4, … doubling, capped at 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** outboxName is `<UTC time>-<id>.json`: names sort in creation order. */
export function outboxName(at: Date, id: string): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${id}.json`;
}

/** Outbox keeps every message on disk from before its first send until it is delivered. */
export class Outbox {
  constructor(readonly dir: string) {}

  /** put writes a new message (temp file + rename, so a crash never leaves half a message under a real name). */
  async put(kind: MailKind, runId: string | null, message: MailMessage, now: Date): Promise<OutboxEntry> {
    const id = randomUUID().slice(0, 8);
    const entry: OutboxEntry = {
      id, file: outboxName(now, id), kind, runId, createdAt: now.toISOString(), attempts: 0, nextTryAt: now.toISOString(), message,
    };
    await mkdir(this.dir, { recursive: true });
    await this.write(entry);
    return entry;
  }

  /** list reads every waiting message, oldest first; files that do not parse are named in `bad` and left alone. */
  async list(): Promise<{ entries: OutboxEntry[]; bad: string[] }> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries: OutboxEntry[] = [];
    const bad: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
      try {
        entries.push({ ...(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as OutboxEntry), file: name });
      } catch (err) {
        // Sent and removed by a concurrent flush: not a bad file.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') bad.push(name);
      }
    }
    return { entries, bad };
  }

  /** failed records a failed attempt and when to try again. */
  async failed(entry: OutboxEntry, cause: string, now: Date): Promise<OutboxEntry> {
    const attempts = entry.attempts + 1;
    const next: OutboxEntry = {
      ...entry, attempts, lastTryAt: now.toISOString(), lastError: cause,
      nextTryAt: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
    };
    await this.write(next);
    return next;
  }

  /** delivered removes a sent message. */
  async delivered(entry: OutboxEntry): Promise<void> {
    await unlink(join(this.dir, entry.file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** lock claims the outbox for one flush; null when another process holds a fresh claim (it will send). */
  async lock(staleMs: number): Promise<(() => Promise<void>) | null> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, '.lock');
    for (let tries = 0; tries < 2; tries++) {
      try {
        await writeFile(file, String(process.pid), { flag: 'wx' });
        return () => unlink(file).catch(() => undefined);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // A flush is bounded in time, so an old claim is one whose process died mid-flush.
        const age = Date.now() - (await stat(file).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
        if (age < staleMs) return null;
        await unlink(file).catch(() => undefined);
      }
    }
    return null;
  }

  private async write(entry: OutboxEntry): Promise<void> {
    const { file, ...data } = entry;
    const tmp = join(this.dir, `.tmp-${file}`);
    await writeFile(tmp, JSON.stringify(data, null, 1));
    await rename(tmp, join(this.dir, file));
  }
}
