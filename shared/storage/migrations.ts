/*
 * The schema-migration runner used by both SQLite databases we keep: the server's and each client's
 * cache. Each side owns its ordered list of migrations; this owns how they are applied.
 */

/** One schema step; `version` is what PRAGMA user_version holds once it has run. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

/**
 * The part of a better-sqlite3 handle that migrating needs, declared structurally so shared/ stays
 * free of the driver.
 */
export interface MigratableDb {
  pragma(source: string, options: { simple: true }): unknown;
  pragma(source: string): unknown;
  exec(source: string): unknown;
  transaction(fn: () => void): () => void;
}

/**
 * Throws unless versions are positive integers in strictly increasing order. A list out of order
 * would skip a step on databases that already passed the later version, silently and for good.
 */
export function assertOrdered(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous)
      throw new Error(
        `migration ${m.version} (${m.name}) must have an integer version greater than ${previous}: versions only increase`,
      );
    previous = m.version;
  }
}

/** The schema version a list of migrations brings a database to. */
export function latestVersion(migrations: readonly Migration[]): number {
  assertOrdered(migrations);
  return migrations[migrations.length - 1]?.version ?? 0;
}

/**
 * Applies the pending migrations in order, each in its own transaction with its user_version bump,
 * and refuses (with the error `tooNew` makes) a database written by newer code.
 */
export function migrate(
  db: MigratableDb,
  migrations: readonly Migration[],
  tooNew: (current: number, latest: number) => Error,
): void {
  const latest = latestVersion(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw tooNew(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
