import { TokenBucket, type RateLimitOptions } from './rateLimiter';

/**
 * A client sends one `typing: true` per 3 s while its user types, and a stop on send or blur: about
 * 1 signal a second per stream at most. The budget allows a burst of 6 (start and stop in a few
 * streams at once) and 1 a second after that; more answers RATE_LIMITED.
 */
export const DEFAULT_TYPING_RATE: RateLimitOptions = { perSecond: 1, burst: 6 };

/** Buckets kept before full ones (idle typists) are forgotten. */
const SWEEP_AT = 10_000;

/**
 * Per-user typing budgets of this node. Typing is relayed, never stored, so a node-local budget is
 * enough: a client spreading signals over several nodes gains at most one budget per node, while
 * each signal still costs a sender's whole general request budget too.
 */
export class TypingBudgets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly rate: RateLimitOptions = DEFAULT_TYPING_RATE) {}

  /** Takes one signal from the user's budget; false when over it. */
  take(userId: string, now: number): boolean {
    if (this.buckets.size >= SWEEP_AT) {
      for (const [id, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(id);
    }
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      bucket = new TokenBucket(this.rate, now);
      this.buckets.set(userId, bucket);
    }
    return bucket.take(now);
  }
}
