import { join } from 'node:path';
import pino from 'pino';
import { jsonLogOptions } from '../../shared/domain/logging';
import type { CoreLogger } from '../core/index';

/*
 * The browser host's log file: JSON lines by pino, with the app's redaction (no token, password or
 * message body gets through, whatever a log call passes). The host and its client core write here.
 */

/** The log file of a browser host's data folder. */
export function browserHostLogFile(dataDir: string): string {
  return join(dataDir, 'logs', 'browser-host.log');
}

/** A logger appending to `file` (created with its folder if missing). */
export function browserHostLogger(file: string): CoreLogger & { flush(): void } {
  const log = pino(jsonLogOptions('info'), pino.destination({ dest: file, sync: true, mkdir: true }));
  return {
    error: (message, fields = {}) => log.error(fields, message),
    warn: (message, fields = {}) => log.warn(fields, message),
    info: (message, fields = {}) => log.info(fields, message),
    flush: () => log.flush(),
  };
}
