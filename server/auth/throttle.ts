/** How many failed logins are tolerated per key within the window. */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

/**
 * Failed logins per key (an account, an (account, address) pair, an address) in a sliding window.
 * The login guard sees only this interface: counts in memory (one node) or in the database, where
 * several server nodes share them (StoredFailureCounter), without touching the guard or the login route.
 */
export interface FailureCounter {
  /** Whether the key has used up its failures within the window. */
  exhausted(key: string, now: number): Promise<boolean>;
  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfter(key: string, now: number): Promise<number>;
  /** Records one failed attempt. */
  fail(key: string, now: number): Promise<void>;
  /** Takes back one attempt recorded with `fail(key, at)`. */
  forgive(key: string, at: number): Promise<void>;
  /** Forgets a key's failures. */
  clear(key: string): Promise<void>;
}

/** A FailureCounter in this process's memory (see MemoryLoginThrottle). */
export class MemoryFailureCounter implements FailureCounter {
  constructor(private readonly throttle: LoginThrottle) {}

  exhausted(key: string, now: number): Promise<boolean> {
    return Promise.resolve(this.throttle.exhausted(key, now));
  }

  retryAfter(key: string, now: number): Promise<number> {
    return Promise.resolve(this.throttle.retryAfter(key, now));
  }

  fail(key: string, now: number): Promise<void> {
    this.throttle.fail(key, now);
    return Promise.resolve();
  }

  forgive(key: string, at: number): Promise<void> {
    this.throttle.forgive(key, at);
    return Promise.resolve();
  }

  clear(key: string): Promise<void> {
    this.throttle.clear(key);
    return Promise.resolve();
  }
}

/**
 * Counts failed logins per key in a sliding window, in memory: a restart forgives. One node's counts;
 * nodes that share a database count there instead (StoredFailureCounter). Keys nobody asks about
 * again are swept once per window.
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
