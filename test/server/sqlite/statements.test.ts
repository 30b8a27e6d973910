// SQLite only: the server compiles each SQL text once per connection (better-sqlite3 does not cache).
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/sqlite/database';
import { stmt } from '../../../server/db/sqlite/sqliteSql';

describe('server statement cache (SQLite)', () => {
  it('prepares a statement once per database and SQL text', () => {
    const a = openDatabase(':memory:');
    const b = openDatabase(':memory:');
    try {
      const sql = 'SELECT COUNT(*) AS n FROM users';
      expect(stmt(a, sql)).toBe(stmt(a, sql));
      expect(stmt(a, sql)).not.toBe(stmt(b, sql));
      expect(stmt(a, 'SELECT 1 AS one')).not.toBe(stmt(a, sql));
    } finally {
      a.close();
      b.close();
    }
  });
});
