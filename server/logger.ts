import pino, { type DestinationStream } from 'pino';
import { jsonLogOptions } from '../shared/domain/logging';

/*
 * The server's structured log: pino, one JSON object per line, with redaction as a second line of
 * defence. Callers log ids, counts and reasons, never a token, a password or a message body; should a
 * field of that name slip into a log call anyway (a request, its headers, a socket's auth), pino
 * replaces it with "[redacted]" before the line is written.
 */

/** Log levels, most to least severe; 'silent' logs nothing. */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

/** A structured logger: one JSON object per line. Callers must never pass tokens, passwords or bodies. */
export interface Logger {
  error(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Creates a logger writing JSON lines to `write` (stderr by default) at or above `level`. Levels are
 * written by name (`"level":"info"`), times as ISO strings.
 */
export function createLogger(
  level: LogLevel = 'info',
  write: ((line: string) => void) | DestinationStream = pino.destination(2),
): Logger {
  const destination: DestinationStream = typeof write === 'function' ? { write } : write;
  const log = pino(jsonLogOptions(level), destination);
  const at =
    (name: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      log[name](fields, msg);
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A logger appending to a file (created if missing), e.g. for a test that reads what was logged. */
export function fileLogger(level: LogLevel, file: string): Logger {
  return createLogger(level, pino.destination({ dest: file, sync: true, mkdir: true }));
}
