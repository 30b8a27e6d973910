import type { App, IpcMain } from 'electron';
import log from 'electron-log/main';
import { join } from 'node:path';
import { redactSecrets } from '../../shared/domain/logging';
import type { CoreLogger } from '../core/index';

/*
 * The desktop app's log files: electron-log's file transport in the logs folder, rotated by size
 * (the full file becomes `main.old.log`, so at most two files), level info, and the app's redaction
 * (shared/domain/logging.ts, the same keys as the server's and the browser host's pino) on every
 * argument before any transport sees it. The main process and its client core write here; the
 * renderer does not (electron-log's IPC channel is removed: no page may write lines into our logs).
 */

/** The log file's name inside the logs folder; rotation moves it to `main.old.log`. */
export const MAIN_LOG_FILE = 'main.log';

/** Rotate once the file passes this size: big enough for days of facts, small enough to mail. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

/** electron-log's channel for lines sent by renderers (it registers it on import). */
const ELECTRON_LOG_CHANNEL = '__ELECTRON_LOG__';

export interface DesktopLogOptions {
  /** The folder for the log files (the app's `logs` path). */
  folder: string;
  /** Defaults to LOG_MAX_BYTES; tests pass a small size to see the rotation. */
  maxBytes?: number;
  /** Lines also on stdout/stderr at this level or above (development), or none (false). */
  consoleLevel?: 'error' | 'warn' | 'info' | false;
}

export interface DesktopLogger extends CoreLogger {
  /** The file being written now. */
  readonly file: string;
  readonly folder: string;
}

/** Sets up electron-log's default logger to write the app's log files; call once, before anything logs. */
export function setUpDesktopLog(ipcMain: IpcMain, options: DesktopLogOptions): DesktopLogger {
  ipcMain.removeHandler(ELECTRON_LOG_CHANNEL);
  ipcMain.removeAllListeners(ELECTRON_LOG_CHANNEL);

  const file = join(options.folder, MAIN_LOG_FILE);
  const fileTransport = log.transports.file;
  fileTransport.resolvePathFn = () => file;
  fileTransport.level = 'info';
  fileTransport.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  // one entry per line (a stack's newlines escaped), so a line-oriented search finds whole entries
  fileTransport.inspectOptions = { depth: 5, breakLength: Infinity };
  // 0600: the lines carry ids and server addresses, which are nobody else's business on a shared machine
  fileTransport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  log.transports.console.level = options.consoleLevel ?? false;
  // Redaction runs before every transport, whatever a caller passed: secret fields become "[redacted]".
  log.hooks = [(message) => ({ ...message, data: message.data.map((value) => redactSecrets(value)) })];

  const write = (level: 'error' | 'warn' | 'info') => (message: string, fields?: Record<string, unknown>) => {
    if (fields === undefined) log[level](message);
    else log[level](message, fields);
  };
  return { error: write('error'), warn: write('warn'), info: write('info'), file, folder: options.folder };
}

/** The process-level event logMainProcessErrors listens to (Node's `process` in the app). */
export interface ProcessEvents {
  on(event: 'uncaughtExceptionMonitor', listener: (error: Error, origin: string) => void): unknown;
}

/**
 * Logs what goes wrong in the main process as short facts: uncaught exceptions and the unhandled
 * rejections Node turns into them (observed with the monitor event, which changes nothing: Electron
 * still handles them as before, where an `uncaughtException` listener would swallow them), and
 * renderer or helper processes that die. Never a page's content or a request's payload.
 */
export function logMainProcessErrors(proc: ProcessEvents, app: Pick<App, 'on'>, logger: CoreLogger): void {
  proc.on('uncaughtExceptionMonitor', (error, origin) => {
    logger.error('uncaught exception in the main process', { origin, error: describe(error), stack: stackOf(error) });
  });
  app.on('render-process-gone', (_event, _contents, details) => {
    logger.error('a renderer process is gone', { reason: details.reason, exitCode: details.exitCode });
  });
  app.on('child-process-gone', (_event, details) => {
    logger.error('a helper process is gone', {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
    });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}
