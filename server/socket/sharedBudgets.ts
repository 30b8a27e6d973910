import type { Store } from '../db/store';
import type { RateLimitOptions } from './rateLimiter';

/** Which of a user's two budgets a request draws from (see CATCH_UP_REQUESTS). */
export type BudgetKind = 'general' | 'catchUp';

/**
 * A user's request budgets as every node sees them. The socket layer checks a request against its
 * node's own budget first (a flood on one node is refused without asking the database), then here,
 * so a user whose sockets are spread over several nodes still gets one budget in all.
 */
export interface SharedRequestBudgets {
  /** Takes one request from the user's budget of this kind; resolves whether it was there. */
  take(userId: string, kind: BudgetKind, now: number): Promise<boolean>;
}

/** Shared budgets kept in the database (server on PostgreSQL, several nodes): one small unit per request. */
export class StoredRequestBudgets implements SharedRequestBudgets {
  constructor(
    private readonly store: Store,
    private readonly rates: Record<BudgetKind, RateLimitOptions>,
  ) {}

  take(userId: string, kind: BudgetKind, now: number): Promise<boolean> {
    return this.store.withTransaction((tx) => tx.requestBudgets.take(`${userId}:${kind}`, this.rates[kind], now));
  }
}
