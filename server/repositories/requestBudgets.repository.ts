import type { Sql } from '../db/sql';

/** A token bucket's shape: refilled at `perSecond`, holding at most `burst` tokens. */
export interface BucketRate {
  perSecond: number;
  burst: number;
}

/**
 * Request budgets (token buckets) that several server nodes share: one row per bucket key (a user
 * and the kind of request), updated in one statement, so two nodes taking at once both see the
 * other's take. Rows stay as few as the users who ever sent a request (two each).
 */
export interface RequestBudgetsRepository {
  /** Takes one token from the bucket `key` (refilled up to `now` first); resolves whether there was one. */
  take(key: string, rate: BucketRate, now: number): Promise<boolean>;
}

/** The request budgets repository on either engine. */
export class SqlRequestBudgetsRepository implements RequestBudgetsRepository {
  constructor(private readonly sql: Sql) {}

  async take(key: string, rate: BucketRate, now: number): Promise<boolean> {
    const { greatest } = this.sql.dialect;
    // The smaller of two values through the dialect's larger one: min(a, b) = -max(-a, -b).
    const least = (a: string, b: string) => `(-${greatest(`-(${a})`, `-(${b})`)})`;
    // The new row carries this call's rate and time (as `excluded`); a clock behind the stored time
    // refills nothing and never moves the time back.
    const elapsed = greatest('0', 'excluded.updated_at - request_budgets.updated_at');
    const level = least('excluded.burst', `request_budgets.tokens + ${elapsed} * excluded.per_ms`);
    const row = await this.sql.get<{ granted: number }>(
      `INSERT INTO request_budgets (key, tokens, per_ms, burst, updated_at, granted) VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN ${level} >= 1 THEN ${level} - 1 ELSE ${level} END,
         granted = CASE WHEN ${level} >= 1 THEN 1 ELSE 0 END,
         per_ms = excluded.per_ms,
         burst = excluded.burst,
         updated_at = ${greatest('request_budgets.updated_at', 'excluded.updated_at')}
       RETURNING granted`,
      [key, rate.burst - 1, rate.perSecond / 1000, rate.burst, now],
    );
    return row?.granted === 1;
  }
}
