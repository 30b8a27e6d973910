/** Reconnect delays; tests shorten them. */
export interface BackoffOptions {
  minDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [min, min·2^attempt] capped at max, so a
 * fleet of clients that lost the server together does not come back in lockstep.
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(o.maxDelayMs, o.minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(o.minDelayMs + random() * Math.max(0, ceiling - o.minDelayMs));
}
