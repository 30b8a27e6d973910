import type { Store } from '../db/store';
import type { FailureCounter, LoginThrottleOptions } from './throttle';

/**
 * Failed logins counted in the database, so every node behind a load balancer sees the same counts
 * (server on PostgreSQL). One counter per limit (`name`), sharing one table: keys are prefixed with
 * the counter's name. Failures older than the window are swept at most once per window per node.
 */
export class StoredFailureCounter implements FailureCounter {
  private lastSweep = 0;

  constructor(
    private readonly store: Store,
    private readonly name: string,
    private readonly options: LoginThrottleOptions,
  ) {}

  async exhausted(key: string, now: number): Promise<boolean> {
    return (await this.oldestCounted(key, now)) !== null;
  }

  async retryAfter(key: string, now: number): Promise<number> {
    const oldest = await this.oldestCounted(key, now);
    return oldest === null ? 0 : Math.max(1, oldest + this.options.windowMs - now);
  }

  async fail(key: string, now: number): Promise<void> {
    const sweep = now - this.lastSweep >= this.options.windowMs;
    if (sweep) this.lastSweep = now;
    await this.store.withTransaction(async (tx) => {
      await tx.loginFailures.insert(this.key(key), now);
      if (sweep) await tx.loginFailures.deleteUpTo(now - this.options.windowMs);
    });
  }

  async forgive(key: string, at: number): Promise<void> {
    await this.store.withTransaction((tx) => tx.loginFailures.deleteOne(this.key(key), at));
  }

  async clear(key: string): Promise<void> {
    await this.store.withTransaction((tx) => tx.loginFailures.deleteKey(this.key(key)));
  }

  /** The failure that keeps the key at its limit (the `maxFailures`-th newest in the window), or null. */
  private oldestCounted(key: string, now: number): Promise<number | null> {
    return this.store.withTransaction(
      (tx) => tx.loginFailures.nthNewestAfter(this.key(key), now - this.options.windowMs, this.options.maxFailures),
      { readOnly: true },
    );
  }

  private key(key: string): string {
    return `${this.name}:${key}`;
  }
}
