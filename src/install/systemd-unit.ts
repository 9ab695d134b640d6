import { runArgs, type ServiceSpec } from './spec.js';

/** UNIT_NAME is the systemd unit file name; SYSTEM_UNIT_DIR where a root install writes it. */
export const UNIT_NAME = 'syncwarden.service';
export const SYSTEM_UNIT_DIR = '/etc/systemd/system';

/**
 * systemdUnit writes the Linux service: node started directly (`Type=simple`, one process), SIGTERM on
 * stop with `TimeoutStopSec` before a kill, a restart after any failure (never given up on: a drive that
 * comes back later is the common cure), stdout/stderr to the journal, after the network and remote file
 * systems are up.
 */
export function systemdUnit(spec: ServiceSpec): string {
  const exec = [spec.node, ...runArgs(spec)].map(systemdQuote).join(' ');
  return [
    '# Written by syncwarden service install. Edit the config, not this file.',
    '[Unit]',
    `Description=${oneLine(spec.description)}`,
    'Wants=network-online.target',
    'After=network-online.target remote-fs.target',
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    `User=${spec.user}`,
    // A path setting, not a command line: taken literally (spaces too), only specifiers expand.
    `WorkingDirectory=${spec.workDir.replaceAll('%', '%%')}`,
    `ExecStart=${exec}`,
    'Restart=on-failure',
    `RestartSec=${spec.restartDelaysSec[0] ?? 10}s`,
    'KillSignal=SIGTERM',
    // A stop ends the CLI with 128 + the signal (143 SIGTERM, 130 SIGINT): a clean stop, not a failure.
    'SuccessExitStatus=130 143',
    `TimeoutStopSec=${spec.stopTimeoutSec}s`,
    'SyslogIdentifier=syncwarden',
    'NoNewPrivileges=yes',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** systemdQuote quotes one word of a unit's command line: specifiers (%) and variables ($) doubled, spaces quoted. */
export function systemdQuote(word: string): string {
  const literal = word.replaceAll('%', '%%').replaceAll('$', '$$$$');
  if (/^[\w/.,:+@=-]+$/.test(literal)) return literal;
  return `"${literal.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replaceAll('%', '%%');
}
