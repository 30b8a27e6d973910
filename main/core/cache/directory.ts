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
        `INSERT INTO users (id, email, name, handle, org_role, display_name)
         VALUES (@id, @email, @name, @handle, @orgRole, @displayName)`,
      );
      for (const u of users) insert.run(userRow(u));
    }
    stmt(db, 'DELETE FROM teams').run();
    const insertTeam = stmt(
      db,
      'INSERT INTO teams (id, name, handle, policy, stream_id) VALUES (@id, @name, @handle, @policy, @streamId)',
    );
    for (const t of teams) insertTeam.run(t);
  })();
}

/** A user as named parameters: every one must be present, so an absent display name is null. */
function userRow(u: User): Omit<User, 'displayName'> & { displayName: string | null } {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    handle: u.handle,
    orgRole: u.orgRole,
    displayName: u.displayName ?? null,
  };
}

/**
 * Adds or refreshes one user (e.g. the signed-in user from hello). A user without a display name (hello
 * and user:changed carry none) keeps the one the directory brought.
 */
export function upsertUser(db: Db, u: User): void {
  stmt(
    db,
    `INSERT INTO users (id, email, name, handle, org_role, display_name)
     VALUES (@id, @email, @name, @handle, @orgRole, @displayName)
     ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, handle = excluded.handle,
       org_role = excluded.org_role, display_name = COALESCE(excluded.display_name, users.display_name)`,
  ).run(userRow(u));
}

/**
 * A person's new display name (push `profile:changed`), in the directory and in their cached profile
 * card; false when the person is not cached or the name is the same.
 */
export function setDisplayName(db: Db, userId: string, displayName: string): boolean {
  return db.transaction(() => {
    const changed = stmt(db, 'UPDATE users SET display_name = ? WHERE id = ? AND display_name IS NOT ?').run(
      displayName,
      userId,
      displayName,
    ).changes;
    stmt(db, `UPDATE profiles SET profile = json_set(profile, '$.displayName', ?) WHERE user_id = ?`).run(
      displayName,
      userId,
    );
    return changed > 0;
  })();
}

/** The cached directory, sorted by the name people see. */
export function listDirectory(db: Db): { users: User[]; teams: Team[] } {
  const rows = stmt(
    db,
    `SELECT id, email, name, handle, org_role AS orgRole, display_name AS displayName FROM users
     ORDER BY COALESCE(display_name, name) COLLATE NOCASE`,
  ).all() as Array<Omit<User, 'displayName'> & { displayName: string | null }>;
  const users: User[] = rows.map(({ displayName, ...u }) => (displayName === null ? u : { ...u, displayName }));
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
