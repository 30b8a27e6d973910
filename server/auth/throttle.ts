/** How many failed logins are tolerated per key within the window. */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

/**
 * Counts failed logins per key (an account, an (account, address) pair, an address) in a sliding
 * window. In memory: a restart forgives, which is acceptable for a single node; several nodes would
 * share it in the database. Keys nobody asks about again are swept once per window.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(private readonly options: LoginThrottleOptions) {}

  /** Whether the key has used up its failures within the window. */
  exhausted(key: string, now: number): boolean {
    return this.recent(key, now).length >= this.options.maxFailures;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfter(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.options.maxFailures) return 0;
    const oldest = recent[recent.length - this.options.maxFailures] ?? now;
    return Math.max(1, oldest + this.options.windowMs - now);
  }

  /** Records one failed attempt. */
  fail(key: string, now: number): void {
    this.sweep(now);
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
  }

  /** Takes back one attempt recorded with `fail(key, at)` (a login reserved as failed that succeeded). */
  forgive(key: string, at: number): void {
    const list = this.failures.get(key);
    const index = list ? list.lastIndexOf(at) : -1;
    if (!list || index < 0) return;
    list.splice(index, 1);
    if (list.length === 0) this.failures.delete(key);
  }

  /** Forgets a key's failures. */
  clear(key: string): void {
    this.failures.delete(key);
  }

  /** How many keys are tracked (tests: the sweep keeps this bounded). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.options.windowMs) return;
    this.lastSweep = now;
    for (const [key, list] of this.failures) {
      if ((list[list.length - 1] ?? 0) <= now - this.options.windowMs) this.failures.delete(key);
    }
  }
}
