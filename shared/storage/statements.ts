/*
 * The prepared-statement cache both SQLite databases use (the server's and each client cache).
 * better-sqlite3 does not cache statements itself, and preparing was 17% of the server's CPU on
 * `message:send`; the client's apply path runs the same few statements for every event of a page.
 * Typed structurally, so shared/ stays free of the driver: each side binds it to its own handle type.
 */

/** Something that compiles SQL into a reusable statement (a better-sqlite3 Database). */
export type Prepare<D, S> = (db: D, sql: string) => S;

/**
 * Returns `stmt(db, sql)`: the statement for this SQL text, compiled once per connection. Keyed by SQL
 * text, so only pass SQL whose shape is bounded: fixed text, or an `IN (?,…)` list of bounded length.
 */
export function statementCache<D extends object, S>(prepare: Prepare<D, S>): (db: D, sql: string) => S {
  const byConnection = new WeakMap<D, Map<string, S>>();
  return (db, sql) => {
    let byText = byConnection.get(db);
    if (!byText) byConnection.set(db, (byText = new Map()));
    let statement = byText.get(sql);
    if (statement === undefined) byText.set(sql, (statement = prepare(db, sql)));
    return statement;
  };
}
