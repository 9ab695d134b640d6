import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError } from '../state/errors.js';
import { acquireLock } from '../state/lock.js';
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
  lastTryAt?: string;
  lastError?: string;
  /** Set when a try handed the whole message over but got no answer: it may have arrived. */
  unsure?: { at: string; cause: string };
  message: MailMessage;
}

/**
 * SetAsideWhy says why a message is no longer sent: the server refused it, twice its outcome stayed unknown, or the
 * server kept deferring it (4xx) for longer than `email.deferredGiveUpHours`.
 */
export type SetAsideWhy = 'refused' | 'unsure' | 'expired';

/** SetAsideEntry is a message moved to `failed/`, with why and what the server answered. */
export interface SetAsideEntry extends OutboxEntry {
  setAside?: { at: string; why: SetAsideWhy; answer: string };
}

/** OUTBOX_DIR is the outbox folder's name inside stateDir. */
export const OUTBOX_DIR = 'outbox';

/** FAILED_DIR is the folder inside the outbox where messages that are never sent again are kept. */
export const FAILED_DIR = 'failed';

/**
 * outboxName is `<UTC time>-<sequence>-<id>.json`: names sort in creation order, also for messages queued in the same
 * millisecond by one process (the summary after the conflict mails of its pass).
 */
export function outboxName(at: Date, seq: number, id: string): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${String(seq % 1e6).padStart(6, '0')}-${id}.json`;
}

let putSeq = 0;

/**
 * messageIdOf is the Message-ID of an entry, the same on every try, so a resend is recognisable as the same
 * message (and mail systems that drop a second copy of a Message-ID do so).
 */
export function messageIdOf(entry: Pick<OutboxEntry, 'id' | 'file' | 'message'>): string {
  const domain = /@([^\s@<>]+)>?\s*$/.exec(entry.message.from)?.[1] ?? 'localhost';
  return `<${entry.file.replace(/\.json$/, '')}.syncwarden@${domain}>`;
}

/** deliveryOrder sorts alerts first, then everything oldest first (file names sort by creation time). */
export function deliveryOrder(a: OutboxEntry, b: OutboxEntry): number {
  return Number(b.kind === 'alert') - Number(a.kind === 'alert') || a.file.localeCompare(b.file);
}

/** Outbox keeps every message on disk from before its first send until it is delivered or set aside. */
export class Outbox {
  constructor(readonly dir: string) {}

  /** failedDir is where set-aside messages are kept. */
  get failedDir(): string {
    return join(this.dir, FAILED_DIR);
  }

  /** put writes a new message (temp file + rename, so a crash never leaves half a message under a real name). */
  async put(kind: MailKind, runId: string | null, message: MailMessage, now: Date): Promise<OutboxEntry> {
    const id = randomUUID().slice(0, 8);
    const entry: OutboxEntry = { id, file: outboxName(now, putSeq++, id), kind, runId, createdAt: now.toISOString(), attempts: 0, message };
    await mkdir(this.dir, { recursive: true });
    await this.write(this.dir, entry);
    return entry;
  }

  /** list reads every waiting message, oldest first; files that do not parse are named in `bad` and left alone. */
  async list(): Promise<{ entries: OutboxEntry[]; bad: string[] }> {
    return readEntries<OutboxEntry>(this.dir);
  }

  /** listSetAside reads the messages in `failed/`, oldest first. */
  async listSetAside(): Promise<{ entries: SetAsideEntry[]; bad: string[] }> {
    return readEntries<SetAsideEntry>(this.failedDir);
  }

  /** attempted records a try that did not deliver: its cause, and whether the message may have arrived. */
  async attempted(entry: OutboxEntry, cause: string, now: Date, unsure = false): Promise<OutboxEntry> {
    const next: OutboxEntry = {
      ...entry, attempts: entry.attempts + 1, lastTryAt: now.toISOString(), lastError: cause,
      ...(unsure ? { unsure: { at: now.toISOString(), cause } } : {}),
    };
    await this.write(this.dir, next);
    return next;
  }

  /** delivered removes a sent message. */
  async delivered(entry: OutboxEntry): Promise<void> {
    await unlink(join(this.dir, entry.file)).catch(ignoreMissing);
  }

  /**
   * setAside moves a message to `failed/` (one atomic rename, so it is never both waiting and set aside), then adds
   * why and the server's answer to it. Returns the path it is kept under.
   */
  async setAside(entry: OutboxEntry, why: SetAsideWhy, answer: string, now: Date): Promise<string> {
    await mkdir(this.failedDir, { recursive: true });
    const target = join(this.failedDir, entry.file);
    await rename(join(this.dir, entry.file), target);
    const kept: SetAsideEntry = { ...entry, attempts: entry.attempts + 1, lastTryAt: now.toISOString(), lastError: answer, setAside: { at: now.toISOString(), why, answer } };
    await this.write(this.failedDir, kept);
    return target;
  }

  /**
   * lock claims the outbox for one flush, with the state lock's own file lock: a claim whose process died (or
   * whose pid was reused) is taken over; a live one, however old, is left to send. Null when another holds it.
   */
  async lock(): Promise<(() => Promise<void>) | null> {
    await mkdir(this.dir, { recursive: true });
    try {
      const held = await acquireLock(join(this.dir, '.lock'), { waitMs: 0 });
      return () => held.release();
    } catch (err) {
      if (err instanceof StateError && err.code === 'locked') return null;
      throw err;
    }
  }

  private async write(dir: string, entry: OutboxEntry): Promise<void> {
    const { file, ...data } = entry;
    const tmp = join(dir, `.tmp-${file}`);
    await writeFile(tmp, JSON.stringify(data, null, 1));
    await rename(tmp, join(dir, file));
  }
}

async function readEntries<T extends OutboxEntry>(dir: string): Promise<{ entries: T[]; bad: string[] }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: T[] = [];
  const bad: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    try {
      entries.push({ ...(JSON.parse(await readFile(join(dir, name), 'utf8')) as T), file: name });
    } catch (err) {
      // Sent and removed by a concurrent flush: not a bad file.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') bad.push(name);
    }
  }
  return { entries, bad };
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
