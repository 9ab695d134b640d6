import { isLocalSystem, runArgs, splitAccount, windowsCommandLine, type ServiceSpec } from './spec.js';
import { el, renderXml, type XmlNode } from './xml.js';

/**
 * WINSW is the WinSW build this XML is written for: the newest one the npm registry really holds
 * (node-windows ships 1.17; winsw-wrapper 1.8.1 ships WinSW.NET2.exe 2.11.0). Its .NET 2 build runs on
 * .NET 4 with the .exe.config below, so a server without .NET 3.5 needs nothing installed.
 */
export const WINSW = {
  version: '2.11.0',
  npmPackage: 'winsw-wrapper@1.8.1',
  fileInPackage: 'bin/winsw/WinSW.NET2.exe',
  /** WinSW finds its XML by its own base name: syncwarden-service.exe reads syncwarden-service.xml. */
  exeName: 'syncwarden-service.exe',
  xmlName: 'syncwarden-service.xml',
} as const;

/** WinswOptions: the password is put in only for the moment of `install` (WinSW reads it then, never later). */
export interface WinswOptions {
  password?: string;
}

/**
 * winswXml writes the WinSW 2.x service definition (doc/xmlConfigFile.md of WinSW v2.11.0): node.exe
 * started directly with `run --config`, restarts after a crash with growing delays, a stop that sends
 * Ctrl+C and waits `stoptimeout`, the wrapper's stdout/stderr rolled by size into log.dir, and the account.
 */
export function winswXml(spec: ServiceSpec, options: WinswOptions = {}): string {
  const delays = spec.restartDelaysSec.map((s) => ({ name: 'onfailure', attrs: { action: 'restart', delay: `${s} sec` } }));
  const root: XmlNode = {
    name: 'service',
    children: [
      el('id', spec.id),
      el('name', spec.name),
      el('description', spec.description),
      el('executable', spec.node),
      el('arguments', windowsCommandLine(runArgs(spec))),
      el('workingdirectory', spec.workDir),
      el('startmode', 'Automatic'),
      // After boot has settled: the network, and a drive that mounts at start-up, come first.
      { name: 'delayedAutoStart' },
      ...delays,
      el('resetfailure', `${spec.resetFailuresAfterSec} sec`),
      el('stoptimeout', `${spec.stopTimeoutSec} sec`),
      el('logpath', spec.logDir),
      { name: 'log', attrs: { mode: 'roll-by-size' }, children: [el('sizeThreshold', 10240), el('keepFiles', 8)] },
      account(spec.user, options.password),
    ],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- Written by syncwarden service install for WinSW ${WINSW.version}. Edit the config, not this file. -->\n${renderXml(root)}`;
}

function account(user: string, password: string | undefined): XmlNode {
  if (isLocalSystem(user)) return { name: 'serviceaccount', children: [el('user', 'LocalSystem')] };
  const { domain, user: name } = splitAccount(user);
  return {
    name: 'serviceaccount',
    children: [el('domain', domain), el('user', name), password === undefined ? null : el('password', password), el('allowservicelogon', true)],
  };
}

/** winswExeConfig lets the .NET 2 build of WinSW run on the .NET 4 runtime that every current Windows has. */
export function winswExeConfig(): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<configuration>',
    '  <startup>',
    '    <supportedRuntime version="v2.0.50727" />',
    '    <supportedRuntime version="v4.0" />',
    '  </startup>',
    '</configuration>',
    '',
  ].join('\n');
}
