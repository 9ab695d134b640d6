import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError, SafetyStop } from '../model/errors.js';

/** HealthRoutes are what the endpoint serves; the service supplies them. */
export interface HealthRoutes {
  /** 200 when healthy, else 503; the body says why. */
  health(): { ok: boolean; body: object };
  status(): object;
  /** Prometheus text exposition format. */
  metrics(): string;
  /** Reprocess paths now; resolves once the pass that covered them ended. */
  resync(paths: string[]): Promise<object>;
  /** GET /versions?path=P (or ?under=&limit=): the versions kept in the trash (version-routes.ts). */
  versions?(query: URLSearchParams): Promise<object>;
  /** POST /restore {path, version?, to?, dryRun?}: bring a version back, between passes (version-routes.ts). */
  restore?(body: unknown): Promise<object>;
}

/** HealthServer is the listening endpoint: the port it got (health.port 0 = any free port) and how to stop it. */
export interface HealthServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

/** startHealthServer listens on host:port (loopback by default) for GET /health, /status, /metrics and POST /resync. */
export async function startHealthServer(host: string, port: number, routes: HealthRoutes): Promise<HealthServer> {
  const server = createServer((req, res) => void handle(req, res, routes));
  // An idle keep-alive connection must not hold shutdown up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => (server.off('error', reject), resolve()));
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    port: bound,
    url: `http://${shown}:${bound}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: HealthRoutes): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  try {
    if (req.method === 'GET' && path === '/health') {
      const { ok, body } = routes.health();
      return json(res, ok ? 200 : 503, body);
    }
    if (req.method === 'GET' && path === '/status') return json(res, 200, routes.status());
    if (req.method === 'GET' && path === '/metrics') return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', routes.metrics());
    if (req.method === 'POST' && path === '/resync') {
      const body = JSON.parse((await readBody(req)) || '{}') as { paths?: unknown };
      const paths = Array.isArray(body.paths) ? body.paths.map(String) : [];
      if (!paths.length) return json(res, 400, { error: 'expected {"paths": ["a path", …]}' });
      return json(res, 200, await routes.resync(paths));
    }
    if (req.method === 'GET' && path === '/versions' && routes.versions) return json(res, 200, await routes.versions(new URL(req.url ?? '/', 'http://localhost').searchParams));
    if (req.method === 'POST' && path === '/restore' && routes.restore) return json(res, 200, await routes.restore(JSON.parse((await readBody(req)) || '{}')));
    return json(res, 404, { error: `no such endpoint: ${req.method} ${path}`, endpoints: ['GET /health', 'GET /status', 'GET /metrics', 'POST /resync', 'GET /versions', 'POST /restore'] });
  } catch (err) {
    // A safety stop (a missing root, the sentinel) is the request's refusal, not the server's fault.
    if (err instanceof SafetyStop) return json(res, 409, { error: err.message, safetyStop: { reason: err.reason, message: err.message, ...err.details } });
    const status = err instanceof InputError || err instanceof SyntaxError ? 400 : 500;
    return json(res, status, { error: (err as Error).message, ...(err instanceof InputError ? { errors: err.errors } : {}) });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) req.destroy(new Error('request body too large'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body, null, 2)}\n`);
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}
