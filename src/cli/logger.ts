import type { Config } from '../config/config.js';
import { createLogger, type Logger } from '../ports/log.js';

/** openCliLogger opens the JSON-lines log file plus console output (quiet on the console with --json). */
export function openCliLogger(config: Config, json: boolean): Logger {
  return createLogger(config.log, { console: !json });
}
