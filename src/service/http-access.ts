import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { InputError } from '../model/errors.js';

/** A token shorter than this is refused at start: it would be guessed. */
export const MIN_TOKEN_LENGTH = 16;

/** The header a POST without the token must carry: a cross-site form or a plain cross-origin fetch cannot send it. */
export const REQUEST_HEADER = 'x-syncwarden-request';

/** Access is how the endpoint admits a request: the token (when one is configured) and whether other machines need it. */
export interface Access {
  token: string | null;
}

/** AccessRequest is what the check reads of a request. */
export interface AccessRequest {
  method: string;
  /** The peer's address (`req.socket.remoteAddress`). */
  remote: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/** Denial is the answer to a request the check refuses. */
export interface Denial {
  status: 401 | 403;
  error: string;
}

/**
 * endpointAccess reads the token for the endpoint (health.tokenFile, else the variable named by health.tokenEnv)
 * and refuses to start (InputError, exit 2) when health.host is not loopback and there is none: other machines
 * could then read the status and settle conflicts. The token never lives in the config itself.
 */
export function endpointAccess(config: Config, env: NodeJS.ProcessEnv = process.env): Access {
  const { host, tokenEnv, tokenFile } = config.health;
  const token = endpointToken(config, env);
  if (token === null && !isLoopbackHost(host)) {
    const where = tokenFile ? `the file ${tokenFile}` : tokenEnv ? `the environment variable ${tokenEnv}` : 'health.tokenEnv or health.tokenFile';
    throw new InputError([{ file: config.file, field: 'health.host', expected: `a loopback address, or a token in ${where} (other machines could reach the endpoint)`, found: host }]);
  }
  return { token };
}

/** endpointToken reads the configured token: the first line of health.tokenFile, else the variable health.tokenEnv; null when none. */
export function endpointToken(config: Config, env: NodeJS.ProcessEnv = process.env): string | null {
  const { tokenEnv, tokenFile } = config.health;
  let token: string | null = null;
  let field = 'health.tokenEnv';
  if (tokenFile) {
    field = 'health.tokenFile';
    try {
      token = readFileSync(tokenFile, 'utf8').split(/\r?\n/)[0].trim() || null;
    } catch (err) {
      throw new InputError([{ file: config.file, field, expected: 'a readable file whose first line is the token', found: `${tokenFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` }]);
    }
  } else if (tokenEnv) token = env[tokenEnv]?.trim() || null;
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    throw new InputError([{ file: config.file, field, expected: `a token of at least ${MIN_TOKEN_LENGTH} characters`, found: `${token.length} characters` }]);
  }
  return token;
}

/** clientToken is the token a command sends to the running service, when this account can read it (null otherwise). */
export function clientToken(config: Config): string | null {
  try {
    return endpointToken(config);
  } catch {
    return null;
  }
}

/**
 * checkAccess admits a request or says why not. A request with the right token (`Authorization: Bearer …`) is
 * admitted from anywhere. Without it: only from this machine's loopback (a remote peer gets 401), only under a
 * loopback Host name (a page of another site whose name was rebound to 127.0.0.1 gets 403), and a POST only with
 * the X-Syncwarden-Request header and no foreign Origin (a cross-site form or fetch gets 403). `open` marks the
 * page's static files, which hold no data: a remote browser loads them to ask for the token.
 */
export function checkAccess(req: AccessRequest, access: Access, open = false): Denial | null {
  const given = bearer(req.headers.authorization);
  if (given !== null) {
    if (access.token !== null && sameToken(given, access.token)) return null;
    return { status: 401, error: 'wrong token' };
  }
  const host = header(req.headers.host);
  if (!isLoopbackAddress(req.remote)) {
    if (open) return null;
    return { status: 401, error: 'a token is required from another machine: send Authorization: Bearer <token> (health.tokenEnv or health.tokenFile)' };
  }
  if (host !== undefined && !isLoopbackHost(hostName(host))) {
    return { status: 403, error: `Host ${host} is not a loopback name: open the page as http://127.0.0.1:PORT/ or http://localhost:PORT/ (or send the token)` };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    if (header(req.headers[REQUEST_HEADER]) === undefined) return { status: 403, error: `a ${req.method} needs the ${REQUEST_HEADER} header (or the token)` };
    const origin = header(req.headers.origin);
    if (origin !== undefined && origin !== `http://${host}`) return { status: 403, error: `a ${req.method} from ${origin} is not from this page` };
  }
  return null;
}

/** isLoopbackHost tells whether a host name or address (as configured, or of a Host header) names this machine's loopback. */
export function isLoopbackHost(name: string): boolean {
  const h = name.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || isLoopbackAddress(h);
}

/** isLoopbackAddress tells whether a peer address is 127.0.0.0/8 or ::1 (also IPv4-mapped). */
export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || a === '0:0:0:0:0:0:0:1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** hostName strips the port off a Host header (`[::1]:8787` → `[::1]`, `localhost:8787` → `localhost`). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

function bearer(value: string | string[] | undefined): string | null {
  const v = header(value);
  const m = v === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(v);
  return m ? m[1] : v === undefined ? null : '';
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// Digests of equal length: timingSafeEqual needs them, and the comparison then tells nothing by its time.
function sameToken(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
