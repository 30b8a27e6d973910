/** A request budget (per user, shared by their sockets): `perSecond` refill, up to `burst` at once. */
export interface RateLimitOptions {
  perSecond: number;
  burst: number;
}

export const DEFAULT_SOCKET_RATE: RateLimitOptions = { perSecond: 20, burst: 60 };

/**
 * Catch-up requests (`sync`, `history`) draw from their own, larger bucket: a reconnecting client
 * pages through hundreds of streams, and sharing the 20/s budget made 100k missed messages take 28 s
 * instead of 8. Each page is one indexed range read of at most MAX_SYNC_PAGE rows, so 200/s still
 * bounds what one user can ask of the server; other requests keep the tighter budget.
 */
export const DEFAULT_SYNC_RATE: RateLimitOptions = { perSecond: 200, burst: 400 };

/** Requests that draw from the catch-up budget instead of the general one. */
export const CATCH_UP_REQUESTS: ReadonlySet<string> = new Set(['sync', 'history']);

/**
 * The catch-up budget for a socket whose general budget is `general`: never tighter than the general
 * one, so raising the general limit (tests, benchmarks) raises both.
 */
export function syncRateFor(general: RateLimitOptions, sync: RateLimitOptions = DEFAULT_SYNC_RATE): RateLimitOptions {
  return { perSecond: Math.max(sync.perSecond, general.perSecond), burst: Math.max(sync.burst, general.burst) };
}

/** A token bucket. Over budget means RATE_LIMITED answers, never a disconnect. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: RateLimitOptions,
    now: number = Date.now(),
  ) {
    this.tokens = options.burst;
    this.last = now;
  }

  /** Whether the bucket has refilled to its burst (then it is the same as a new one). */
  isFull(now: number = Date.now()): boolean {
    return this.tokens + ((now - this.last) / 1000) * this.options.perSecond >= this.options.burst;
  }

  /** Takes one token if available. */
  take(now: number = Date.now()): boolean {
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
