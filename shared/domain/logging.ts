/*
 * The app's log format and what never reaches a log line, for every logger of the app (the server's
 * and the browser host's pino, the desktop app's electron-log): the values of the secret fields,
 * wherever a log call puts them. Callers log ids, counts and reasons in the first place; redaction is
 * the second line of defence.
 */

/** Field names whose values are replaced by "[redacted]" in every log line. */
export const SECRET_LOG_FIELDS = ['token', 'password', 'newPassword', 'body', 'authorization', 'cookie', 'auth'];

/** What a secret value becomes in a log line. */
export const REDACTED = '[redacted]';

/** pino's redact paths for the secret fields: at the top level and up to two objects down. */
export function redactPaths(): string[] {
  return SECRET_LOG_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
}

/** A copy of a log argument with every secret field's value replaced, to `depth` levels of objects. */
export function redactSecrets(value: unknown, depth = 4): unknown {
  if (depth < 0 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_LOG_FIELDS.includes(key) ? REDACTED : redactSecrets(v, depth - 1);
  }
  return out;
}

/**
 * The options of a pino JSON logger in the app's format: level by name, ISO time, no pid/hostname,
 * secret fields redacted. Plain data, so shared/ needs no logging package.
 */
export function jsonLogOptions(level: string) {
  return {
    level,
    base: null,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: redactPaths(), censor: REDACTED },
  };
}
