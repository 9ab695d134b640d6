import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { projectRoot } from '../../src/config/project.js';

/** Received is one message the test server accepted, parsed, with the login it came under. */
export interface Received {
  mail: ParsedMail;
  user: string | null;
  rcptTo: string[];
}

/** SmtpReply is what the test server answers instead of accepting: an SMTP code and its text. */
export interface SmtpReply {
  code: number;
  text: string;
}

/** TestSmtp is a real SMTP server on loopback that keeps every message it receives. */
export interface TestSmtp {
  port: number;
  received: Received[];
  /** Connections opened so far (refused ones included). */
  connections: number;
  /** While true, every connection is greeted with `421 service not available` (an outage with the port open). */
  down: boolean;
  /** Answer for a recipient instead of accepting it (e.g. 550 mailbox unavailable); null accepts. */
  rcptReply: ((address: string) => SmtpReply | null) | null;
  /** How long the server keeps a received message before answering the end of DATA (it is kept either way). */
  dataDelayMs: number;
  /** Resolves once `n` messages arrived; rejects after `ms`. */
  waitFor(n: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** startSmtp listens on 127.0.0.1, a free port, no STARTTLS; with `auth`, only that login may send. */
export async function startSmtp(auth?: { user: string; pass: string }): Promise<TestSmtp> {
  const received: Received[] = [];
  // The handlers read the controls at call time, so a test can change them between passes.
  const controls = { connections: 0, down: false, rcptReply: null as TestSmtp['rcptReply'], dataDelayMs: 0 };
  const server = new SMTPServer({
    authOptional: !auth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onConnect(_session, cb) {
      controls.connections++;
      cb(controls.down ? Object.assign(new Error('service not available, try later'), { responseCode: 421 }) : null);
    },
    onRcptTo(address, _session, cb) {
      const reply = controls.rcptReply?.(address.address);
      cb(reply ? Object.assign(new Error(reply.text), { responseCode: reply.code }) : null);
    },
    onAuth(login, _session, cb) {
      if (auth && login.username === auth.user && login.password === auth.pass) cb(null, { user: login.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream, (err, mail) => {
        if (err) return cb(err);
        const user = typeof session.user === 'string' ? session.user : null;
        received.push({ mail, user, rcptTo: session.envelope.rcptTo.map((r) => r.address) });
        // A relay that queued the message but is slow to say so.
        if (controls.dataDelayMs > 0) setTimeout(() => cb(), controls.dataDelayMs);
        else cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(controls, {
    port,
    received,
    waitFor: (n: number, ms = 5000) => waitUntil(() => received.length >= n, ms, () => `${received.length} of ${n} messages after ${ms} ms`).then(() => received),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** MuteServer accepts TCP connections and never says a word (a relay that hangs), counting the connections. */
export interface MuteServer {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

/** startMute listens on 127.0.0.1, a free port, and holds every connection open without a greeting. */
export async function startMute(): Promise<MuteServer> {
  const sockets: Socket[] = [];
  const mute = createServer((s) => void sockets.push(s));
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  return {
    port: (mute.address() as AddressInfo).port,
    connections: () => sockets.length,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    },
  };
}

/** closedPort returns a loopback port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** CliRun is a finished CLI child process. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * cliAsync runs bin/syncwarden like test/support/cli.ts, but without blocking the event loop: the SMTP server
 * of the same test must keep answering while the child sends.
 */
export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'syncwarden'), ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** headerOf reads one header of a parsed mail as text. */
export function headerOf(mail: ParsedMail, name: string): string {
  return String(mail.headers.get(name.toLowerCase()) ?? '');
}

async function waitUntil(done: () => boolean, ms: number, why: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out: ${why()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
