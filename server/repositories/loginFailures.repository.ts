import type { Sql } from '../db/sql';

/**
 * Failed logins per key (an account, an address, or both) that several server nodes share: one row
 * per failure, read within a sliding window. Rows older than every window are swept by the caller.
 */
export interface LoginFailuresRepository {
  /** Records one failure of `key` at `at`. */
  insert(key: string, at: number): Promise<void>;
  /**
   * The time of the `nth` newest failure of `key` after `since` (1 = the newest), or null when it has
   * fewer: the failure whose leaving the window lets the key try again.
   */
  nthNewestAfter(key: string, since: number, nth: number): Promise<number | null>;
  /** Deletes one failure recorded as (`key`, `at`); resolves whether there was one. */
  deleteOne(key: string, at: number): Promise<boolean>;
  /** Deletes every failure of `key`. */
  deleteKey(key: string): Promise<void>;
  /** Deletes every failure at or before `at` (outside every window); resolves how many. */
  deleteUpTo(at: number): Promise<number>;
}

/** The login failures repository on either engine. */
export class SqlLoginFailuresRepository implements LoginFailuresRepository {
  constructor(private readonly sql: Sql) {}

  async insert(key: string, at: number): Promise<void> {
    await this.sql.run('INSERT INTO login_failures (key, at) VALUES (?, ?)', [key, at]);
  }

  async nthNewestAfter(key: string, since: number, nth: number): Promise<number | null> {
    const row = await this.sql.get<{ at: number }>(
      'SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?',
      [key, since, nth - 1],
    );
    return row?.at ?? null;
  }

  async deleteOne(key: string, at: number): Promise<boolean> {
    const changed = await this.sql.run(
      'DELETE FROM login_failures WHERE id = (SELECT MAX(id) FROM login_failures WHERE key = ? AND at = ?)',
      [key, at],
    );
    return changed > 0;
  }

  async deleteKey(key: string): Promise<void> {
    await this.sql.run('DELETE FROM login_failures WHERE key = ?', [key]);
  }

  async deleteUpTo(at: number): Promise<number> {
    return this.sql.run('DELETE FROM login_failures WHERE at <= ?', [at]);
  }
}
