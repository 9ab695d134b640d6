/** The signals that stop the service: Ctrl+C (WinSW sends it too), systemd's SIGTERM, and Ctrl+Break on Windows. */
const STOP_SIGNALS: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGTERM', 'SIGBREAK'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * untilStopSignal resolves with the first stop signal. A second one while stopping exits at once (exit code
 * 128 + signal), for an admin who does not want to wait; a temp file it leaves is swept by the next start.
 */
export function untilStopSignal(onSecond: (signal: NodeJS.Signals) => void = (s) => process.exit(s === 'SIGINT' ? 130 : 143)): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const handler = (signal: NodeJS.Signals) => {
      if (seen) return onSecond(signal);
      seen = true;
      resolve(signal);
    };
    for (const s of STOP_SIGNALS) process.on(s, handler);
  });
}
