import type { Team, User } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';

/** Replaces the cached directory (users and teams) with the server's, in one transaction. */
export function replaceDirectory(db: Db, users: User[] | null, teams: Team[]): void {
  db.transaction(() => {
    if (users !== null) {
      stmt(db, 'DELETE FROM users').run();
      const insert = stmt(
        db,
        'INSERT INTO users (id, email, name, handle, org_role) VALUES (@id, @email, @name, @handle, @orgRole)',
      );
      for (const u of users) insert.run(u);
    }
    stmt(db, 'DELETE FROM teams').run();
    const insertTeam = stmt(
      db,
      'INSERT INTO teams (id, name, handle, policy, stream_id) VALUES (@id, @name, @handle, @policy, @streamId)',
    );
    for (const t of teams) insertTeam.run(t);
  })();
}

/** Adds or refreshes one user (e.g. the signed-in user from hello). */
export function upsertUser(db: Db, u: User): void {
  stmt(
    db,
    `INSERT INTO users (id, email, name, handle, org_role) VALUES (@id, @email, @name, @handle, @orgRole)
     ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, handle = excluded.handle,
       org_role = excluded.org_role`,
  ).run(u);
}

/** The cached directory, sorted by name. */
export function listDirectory(db: Db): { users: User[]; teams: Team[] } {
  const users = stmt(
    db,
    'SELECT id, email, name, handle, org_role AS orgRole FROM users ORDER BY name COLLATE NOCASE',
  ).all() as User[];
  const teams = stmt(
    db,
    'SELECT id, name, handle, policy, stream_id AS streamId FROM teams ORDER BY name COLLATE NOCASE',
  ).all() as Team[];
  return { users, teams };
}

/** Reads a small account value (signed-in user, org name) kept in the cache. */
export function getAccountValue(db: Db, key: string): string | null {
  return (stmt(db, 'SELECT value FROM account WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

/** Writes a small account value. */
export function setAccountValue(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO account (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
