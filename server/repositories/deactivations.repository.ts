import type { Db } from '../db/database';
import { stmt } from './statements';

/** Marks a user deactivated (once; a second call keeps the first time); returns whether it was new. */
export function deactivateUser(db: Db, userId: string, at: number): boolean {
  return (
    stmt(db, 'INSERT INTO deactivated_users (user_id, deactivated_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
      userId,
      at,
    ).changes === 1
  );
}

/** Whether the organization deactivated this user. */
export function isDeactivated(db: Db, userId: string): boolean {
  return stmt(db, 'SELECT 1 FROM deactivated_users WHERE user_id = ?').get(userId) !== undefined;
}
