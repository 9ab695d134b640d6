import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InputError, SafetyStop } from '../model/errors.js';
import { checkAccess, type Access } from './http-access.js';
import { pageFile } from './web-page.js';

/** RouteRequest is what a route reads of a request: its query and, for a POST, its JSON body. */
export interface RouteRequest {
  query: URLSearchParams;
  body: unknown;
}

/** Reply is a route's answer: JSON (`body`), or text of a type (`text`). */
export type Reply = { status: number; body: unknown } | { status: number; type: string; text: string };

/** Routes are what the endpoint serves, keyed `METHOD /path`; the service supplies them. */
export type Routes = Record<string, (req: RouteRequest) => Reply | Promise<Reply>>;

/** HealthServer is the listening endpoint: the port it got (health.port 0 = any free port) and how to stop it. */
export interface HealthServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

/**
 * startHealthServer listens on host:port (loopback by default) for the routes (GET /health, /status, /metrics,
 * POST /resync, the page's /api/*) and the page itself (`/`, `/ui/…`), every request through checkAccess.
 */
export async function startHealthServer(host: string, port: number, routes: Routes, access: Access = { token: null }): Promise<HealthServer> {
  const server = createServer((req, res) => void handle(req, res, routes, access));
  // An idle keep-alive connection must not hold shutdown up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => (server.off('error', reject), resolve()));
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${reachableAs(host)}:${bound}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** reachableAs is how this machine reaches the bound address: a wildcard (0.0.0.0, ::) is reached on loopback. */
function reachableAs(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: Routes, access: Access): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://endpoint');
  const method = req.method ?? 'GET';
  const page = method === 'GET' ? pageFile(url.pathname) : undefined;
  const denied = checkAccess({ method, remote: req.socket.remoteAddress, headers: req.headers }, access, page !== undefined);
  if (denied) return reply(res, { status: denied.status, body: { error: denied.error } });
  if (page) return reply(res, { status: 200, type: page.type, text: page.text }, true);
  const route = routes[`${method} ${url.pathname}`];
  if (!route) return reply(res, { status: 404, body: { error: `no such endpoint: ${method} ${url.pathname}`, endpoints: Object.keys(routes) } });
  try {
    const body = method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : undefined;
    return reply(res, await route({ query: url.searchParams, body }));
  } catch (err) {
    if (err instanceof SafetyStop) return reply(res, { status: 409, body: { error: err.message, safetyStop: { ...err.details, reason: err.reason, message: err.message } } });
    if (err instanceof InputError) return reply(res, { status: 400, body: { error: err.message, errors: err.errors } });
    return reply(res, { status: err instanceof SyntaxError ? 400 : 500, body: { error: (err as Error).message } });
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

// The page may not be framed (its buttons settle conflicts) and runs only its own script and styles.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function reply(res: ServerResponse, r: Reply, page = false): void {
  const [type, text] = 'text' in r ? [r.type, r.text] : ['application/json; charset=utf-8', `${JSON.stringify(r.body, null, 2)}\n`];
  res.writeHead(r.status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...(page ? PAGE_HEADERS : {}) });
  res.end(text);
}
