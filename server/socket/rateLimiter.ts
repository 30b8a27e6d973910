/** Per-socket request budget: `perSecond` refill, up to `burst` at once. */
export interface RateLimitOptions {
  perSecond: number;
  burst: number;
}

export const DEFAULT_SOCKET_RATE: RateLimitOptions = { perSecond: 20, burst: 60 };

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

  /** Takes one token if available. */
  take(now: number = Date.now()): boolean {
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
