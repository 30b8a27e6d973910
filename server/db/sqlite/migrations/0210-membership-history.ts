import type { Migration } from '../../../../shared/storage/migrations';

/*
 * Team membership history (docs/architecture.md § Membership history): every join and every leave of
 * a team with its time, appended by the teams repository in the unit of work that changes
 * `memberships`. It is the one record of who was in a team when: the team pulse dates new members by
 * it and the compliance export's "members at the time" reads it.
 *
 * Backfill: the audit trail's `member.add`/`member.remove` entries (every change made through the
 * admin service), then a join at `memberships.created_at` for every current member whose history does
 * not already end with a join (memberships older than the trail, or made without it).
 */
export const migration0210: Migration = {
  version: 210,
  name: 'membership-history',
  up: `
    CREATE TABLE IF NOT EXISTS membership_history (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      team_id TEXT NOT NULL REFERENCES teams(id),
      user_id TEXT NOT NULL REFERENCES users(id),
      change TEXT NOT NULL CHECK (change IN ('joined', 'left')),
      at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS membership_history_by_team ON membership_history (team_id, user_id, at);
    INSERT INTO membership_history (team_id, user_id, change, at)
      SELECT t.id, u.id, CASE a.action WHEN 'member.add' THEN 'joined' ELSE 'left' END, a.at
        FROM audit a
        JOIN teams t ON t.id = json_extract(a.detail, '$.teamId')
        JOIN users u ON u.id = a.target
       WHERE a.action IN ('member.add', 'member.remove') AND json_valid(a.detail)
       ORDER BY a.id;
    INSERT INTO membership_history (team_id, user_id, change, at)
      SELECT m.team_id, m.user_id, 'joined', m.created_at FROM memberships m
       WHERE COALESCE((SELECT h.change FROM membership_history h
                        WHERE h.team_id = m.team_id AND h.user_id = m.user_id
                        ORDER BY h.at DESC, h.id DESC LIMIT 1), 'left') = 'left'
       ORDER BY m.created_at;
  `,
};
