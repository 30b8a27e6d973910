import { TokenBucket, type RateLimitOptions } from './rateLimiter';

/** How many sockets may be open at once per user and per token (one login session). */
export interface ConnectionCaps {
  perUser: number;
  perToken: number;
}

export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { perUser: 10, perToken: 5 };

/** One user's request budgets, shared by all of that user's sockets. */
export interface UserBudget {
  general: TokenBucket;
  catchUp: TokenBucket;
}

/**
 * Request budgets and open-socket counts per user, as this node's socket layer sees them (UserBudgets
 * keeps them in memory). On several nodes the budgets are also checked against the database
 * (SharedRequestBudgets, sharedBudgets.ts); the connection caps stay per node.
 */
export interface RequestBudgets {
  /** Why a new socket of this user and token may not open, or null when it may. */
  refusal(userId: string, tokenId: string): string | null;
  /** Counts a socket as open and returns the user's shared budget; call `close` exactly once later. */
  open(userId: string, tokenId: string): UserBudget;
  /** Counts a socket as closed. */
  close(userId: string, tokenId: string): void;
}

interface Entry extends UserBudget {
  sockets: number;
}

/**
 * Request budgets per user, not per socket: with per-socket buckets, 25 sockets of one user were
 * accepted 875 sends/s against the documented 20/s. Also counts open sockets per user and per token
 * for the connection caps. A budget outlives the user's last socket until it has refilled, so
 * reconnecting does not buy a fresh burst.
 */
export class UserBudgets implements RequestBudgets {
  private readonly users = new Map<string, Entry>();
  private readonly tokens = new Map<string, number>();
  private lastSweep = 0;

  constructor(
    private readonly general: RateLimitOptions,
    private readonly catchUp: RateLimitOptions,
    private readonly caps: ConnectionCaps,
  ) {}

  /** Why a new socket of this user and token may not open, or null when it may. */
  refusal(userId: string, tokenId: string): string | null {
    if ((this.users.get(userId)?.sockets ?? 0) >= this.caps.perUser)
      return `at most ${this.caps.perUser} connections per user`;
    if ((this.tokens.get(tokenId) ?? 0) >= this.caps.perToken)
      return `at most ${this.caps.perToken} connections per session`;
    return null;
  }

  /** Counts a socket as open and returns the user's shared budget; call `close` exactly once later. */
  open(userId: string, tokenId: string, now: number = Date.now()): UserBudget {
    const entry = this.budgetFor(userId, now);
    entry.sockets += 1;
    this.tokens.set(tokenId, (this.tokens.get(tokenId) ?? 0) + 1);
    return entry;
  }

  /**
   * The user's shared budget for a request that comes without a socket (the bot API over HTTP): the
   * same buckets their sockets draw from, so a bot and its user's app share one allowance.
   */
  budgetFor(userId: string, now: number = Date.now()): UserBudget & { sockets: number } {
    this.sweep(now);
    let entry = this.users.get(userId);
    if (!entry) {
      entry = { general: new TokenBucket(this.general, now), catchUp: new TokenBucket(this.catchUp, now), sockets: 0 };
      this.users.set(userId, entry);
    }
    return entry;
  }

  /** Counts a socket as closed. */
  close(userId: string, tokenId: string): void {
    const entry = this.users.get(userId);
    if (entry) entry.sockets = Math.max(0, entry.sockets - 1);
    const left = (this.tokens.get(tokenId) ?? 1) - 1;
    if (left > 0) this.tokens.set(tokenId, left);
    else this.tokens.delete(tokenId);
  }

  /** Users whose budget is tracked (tests: idle, refilled budgets are forgotten). */
  get size(): number {
    return this.users.size;
  }

  /** Forgets users without sockets whose buckets have refilled: a fresh budget is the same. At most once a second. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [userId, entry] of this.users) {
      if (entry.sockets === 0 && entry.general.isFull(now) && entry.catchUp.isFull(now)) this.users.delete(userId);
    }
  }
}
