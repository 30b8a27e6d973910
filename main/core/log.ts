/*
 * How the client core reports what went wrong: hosts pass their logger (electron-log in the desktop
 * app, a JSON file logger in the browser host); tests and scripts get the console. Callers pass short
 * facts (ids, counts, error messages), never a token, a password or a message body.
 */

/** The logger the core writes to. */
export interface CoreLogger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
}

/** The default: the console, as before hosts passed a logger. */
export const consoleLogger: CoreLogger = {
  error: (message, fields) => console.error(`tributary core: ${message}`, fields ?? ''),
  warn: (message, fields) => console.warn(`tributary core: ${message}`, fields ?? ''),
  info: () => undefined,
};

/** An error's message for a log line (never the whole object: it may carry request data). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
