import type Database from 'better-sqlite3';
import type { Db } from '../db/database';

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection: every socket request runs the same few
 * statements, and better-sqlite3 does not cache them itself (preparing was 17% of the server's CPU
 * on `message:send`). Keyed by SQL text, so only pass SQL whose shape is bounded: fixed text, or an
 * `IN (?,…)` list whose length the caller bounds.
 */
export function stmt(db: Db, sql: string): Database.Statement {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}
