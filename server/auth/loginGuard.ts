import { LoginThrottle, MemoryFailureCounter, type FailureCounter } from './throttle';
import { WorkPool } from './workPool';

/** Limits on password logins. Every count is of failures within `windowMs`. */
export interface LoginLimits {
  /** Failures of one account from one client address before that pair gets 429. */
  maxFailuresPerAccountAddress: number;
  /** Failures of one account from all addresses together before it gets 429 (bounds distributed guessing). */
  maxFailuresPerAccount: number;
  /** Failures from one address (any account) after which its attempts are slowed down, never refused. */
  maxFailuresPerAddress: number;
  /** The delay each attempt from a slowed-down address waits before its password is checked. */
  slowdownMs: number;
  windowMs: number;
  /** Password checks (scrypt) running at once, server-wide. */
  hashConcurrency: number;
  /** Password checks waiting for a slot, server-wide; beyond that a login answers 429 at once. */
  hashQueue: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailuresPerAccountAddress: 5,
  maxFailuresPerAccount: 50,
  maxFailuresPerAddress: 20,
  slowdownMs: 1000,
  windowMs: 15 * 60 * 1000,
  hashConcurrency: 2,
  hashQueue: 16,
};

/** The login guard's three counts: per (account, address), per account, per address. */
export type FailureCounterName = 'pair' | 'account' | 'address';

/** One login attempt, counted as failed until `succeeded` or `cancel` takes it back. */
export interface LoginAttempt {
  email: string;
  address: string;
  at: number;
}

/**
 * The login throttle. Blocking is per account: per (account, address), so one address guessing at an
 * account locks out only itself, and per account over all addresses, a higher ceiling on distributed
 * guessing. An address is never blocked, because behind a proxy (or a NAT) one address is many people:
 * after many failures its attempts are only slowed down. Password checks share one small pool.
 */
export class LoginGuard {
  private readonly pair: FailureCounter;
  private readonly account: FailureCounter;
  private readonly address: FailureCounter;
  private readonly pool: WorkPool;
  /** The tail of each account's queue of attempts being counted (see `exclusive`). */
  private readonly counting = new Map<string, Promise<unknown>>();

  /**
   * `counters` makes the three counts (in memory by default) for a limit, the window, and a name that
   * tells them apart where they share storage.
   */
  constructor(
    readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    counters: (maxFailures: number, windowMs: number, name: FailureCounterName) => FailureCounter = (
      maxFailures,
      windowMs,
    ) => new MemoryFailureCounter(new LoginThrottle({ maxFailures, windowMs })),
  ) {
    this.pair = counters(limits.maxFailuresPerAccountAddress, limits.windowMs, 'pair');
    this.account = counters(limits.maxFailuresPerAccount, limits.windowMs, 'account');
    this.address = counters(limits.maxFailuresPerAddress, limits.windowMs, 'address');
    this.pool = new WorkPool(limits.hashConcurrency, limits.hashQueue);
  }

  /** Milliseconds until this account may try again from this address; 0 when it may try now. */
  async blockedFor(email: string, address: string, now: number): Promise<number> {
    const [pair, account] = await Promise.all([
      this.pair.retryAfter(pairKey(email, address), now),
      this.account.retryAfter(email, now),
    ]);
    return Math.max(pair, account);
  }

  /** How long an attempt from this address waits before its check (0 unless the address failed a lot). */
  async slowdownFor(address: string, now: number): Promise<number> {
    return (await this.address.exhausted(address, now)) ? this.limits.slowdownMs : 0;
  }

  /**
   * Counts the attempt as failed before the (slow) password check: otherwise many parallel guesses
   * all pass `blockedFor` before the first one is counted.
   */
  async begin(email: string, address: string, now: number): Promise<LoginAttempt> {
    await Promise.all([
      this.pair.fail(pairKey(email, address), now),
      this.account.fail(email, now),
      this.address.fail(address, now),
    ]);
    return { email, address, at: now };
  }

  /** The right password: this pair starts afresh; the account and the address only get this attempt back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.all([
      this.pair.clear(pairKey(attempt.email, attempt.address)),
      this.account.forgive(attempt.email, attempt.at),
      this.address.forgive(attempt.address, attempt.at),
    ]);
  }

  /** The attempt never reached a password check (the pool was full): it does not count. */
  async cancel(attempt: LoginAttempt): Promise<void> {
    await Promise.all([
      this.pair.forgive(pairKey(attempt.email, attempt.address), attempt.at),
      this.account.forgive(attempt.email, attempt.at),
      this.address.forgive(attempt.address, attempt.at),
    ]);
  }

  /**
   * Runs `work` (the check of the counts, then counting the attempt) for one account at a time on this
   * node: with counts in the database both steps wait for it, and parallel guesses would all pass the
   * check before the first was counted. Nodes still count concurrently; see docs/server.md.
   */
  async exclusive<T>(email: string, work: () => Promise<T>): Promise<T> {
    const before = this.counting.get(email) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    this.counting.set(email, tail);
    try {
      return await run;
    } finally {
      if (this.counting.get(email) === tail) this.counting.delete(email);
    }
  }

  /** Runs a password check in the shared pool; throws PoolFullError when the server is saturated. */
  check<T>(work: () => Promise<T>): Promise<T> {
    return this.pool.run(work);
  }
}

const pairKey = (email: string, address: string): string => `${email}\n${address}`;
