import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './cli.js';
import { RunningService, writeConfig } from './service.js';
import { makeTmp, removeTmp } from './tmp.js';

/** WebWorld is a real `syncwarden run` on temp roots: doc.txt an open option-3 conflict, notes.txt's old version in the right trash. */
export interface WebWorld {
  dir: string;
  left: string;
  right: string;
  config: string;
  service: RunningService;
  url: string;
  close(): Promise<void>;
}

const T0 = 1_700_000_000;

/**
 * openWebWorld syncs doc.txt and notes.txt once, then edits doc.txt on both sides (a conflict left open under
 * option 3) and notes.txt on the left (its copy to the right trashes the right's 'notes v1'), and starts the service.
 */
export async function openWebWorld(prefix: string, extraConfig = '', env: Record<string, string> = {}): Promise<WebWorld> {
  const dir = makeTmp(prefix);
  const [left, right] = [join(dir, 'left'), join(dir, 'right')];
  try {
    for (const root of [left, right]) {
      mkdirSync(root);
      put(root, 'doc.txt', 'base', T0);
      put(root, 'notes.txt', 'notes v1', T0);
    }
    const config = writeConfig(dir, `conflicts: { bothChanged: 'option3' }, ${extraConfig}`);
    const first = cli(['sync', '--config', config], undefined, env);
    assert.equal(first.code, 0, first.stderr);
    put(left, 'doc.txt', 'left edit', T0 + 100);
    put(right, 'doc.txt', 'right edit, longer', T0 + 200);
    put(left, 'notes.txt', 'notes v2', T0 + 300);
    const service = await RunningService.start(config, join(dir, 'state'), 30_000, env);
    return {
      dir, left, right, config, service, url: service.info!.url!,
      close: async () => {
        await service.stop().catch(() => undefined);
        removeTmp(dir);
      },
    };
  } catch (err) {
    removeTmp(dir);
    throw err;
  }
}

function put(root: string, rel: string, text: string, mtime: number): void {
  writeFileSync(join(root, rel), text);
  utimesSync(join(root, rel), mtime, mtime);
}

/** Answer is one HTTP reply: status, headers and the JSON (or text) body. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** http sends one request with node:http, which (unlike fetch) lets a test set Host and Origin as a browser would. */
export function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const data = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: { ...(data ? { 'content-type': 'application/json' } : {}), ...init.headers }, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (t: string) => (text += t)).on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // the page's HTML, CSS or script
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject).on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.end(data);
  });
}

/** POST_HEADERS are what the page sends with a POST (the header a cross-site request cannot carry). */
export const POST_HEADERS = { 'x-syncwarden-request': 'test' };
