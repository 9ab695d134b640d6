import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownStartId, processState } from '../state/process-identity.js';
import { REQUEST_HEADER } from './http-access.js';

/** SERVICE_FILE, in stateDir, says that a service runs and where its HTTP endpoint listens. */
export const SERVICE_FILE = 'service.json';

/** ServiceInfo is what `status`, `resync` and tests read to reach a running service. */
export interface ServiceInfo {
  pid: number;
  /** The process's start identity where the OS gives one (a reused pid is then not taken for the service). */
  startId: string | null;
  startedAt: string;
  /** Base URL of the health/status endpoint (`http://127.0.0.1:PORT`), or null when health.enabled is false. */
  url: string | null;
  port: number | null;
}

/** ownServiceInfo is the record of this process, before its endpoint listens. */
export function ownServiceInfo(startedAt: string): ServiceInfo {
  return { pid: process.pid, startId: ownStartId(), startedAt, url: null, port: null };
}

/** writeServiceFile records the running service (temp file + rename: a reader never sees half of it). */
export function writeServiceFile(stateDir: string, info: ServiceInfo): void {
  const file = join(stateDir, SERVICE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(info, null, 2));
  renameSync(`${file}.tmp`, file);
}

/** removeServiceFile deletes the record if it is this process's. */
export function removeServiceFile(stateDir: string, pid = process.pid): void {
  if (readServiceFile(stateDir, false)?.pid === pid) rmSync(join(stateDir, SERVICE_FILE), { force: true });
}

/** readServiceFile returns the running service's record, or null when none is recorded or its process is gone. */
export function readServiceFile(stateDir: string, liveOnly = true): ServiceInfo | null {
  let info: ServiceInfo;
  try {
    info = JSON.parse(readFileSync(join(stateDir, SERVICE_FILE), 'utf8')) as ServiceInfo;
  } catch {
    return null;
  }
  if (typeof info.pid !== 'number') return null;
  if (!liveOnly) return info;
  const state = processState(info.pid);
  if (!state.alive) return null;
  return !info.startId || !state.startId || state.startId === info.startId ? info : null;
}

/** ServiceAnswer is one reply of a running service: HTTP status and parsed JSON (or text). */
export interface ServiceAnswer {
  status: number;
  body: unknown;
}

/**
 * askService sends one request to the running service of a state folder; null when none runs (or it runs
 * without its endpoint, or does not answer within `timeoutMs`), so the caller can fall back to the state file.
 */
export async function askService(
  stateDir: string, path: string, init: { method?: string; body?: unknown; timeoutMs?: number; token?: string | null } = {},
): Promise<ServiceAnswer | null> {
  const info = readServiceFile(stateDir);
  if (!info?.url) return null;
  // The request header marks a command, not a cross-site page (see http-access.ts); the token, when this account has it.
  const headers: Record<string, string> = { [REQUEST_HEADER]: 'cli', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${info.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? 5000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Prometheus text, or an error page: kept as text.
    }
    return { status: res.status, body };
  } catch {
    return null;
  }
}
