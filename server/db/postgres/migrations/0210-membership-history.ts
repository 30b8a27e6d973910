import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0210: the history of team joins and leaves, backfilled from the audit trail and today's memberships. */
export const migration0210: Migration = {
  version: 210,
  name: 'membership-history',
  up: `
    CREATE TABLE IF NOT EXISTS membership_history (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      team_id TEXT COLLATE "C" NOT NULL REFERENCES teams(id),
      user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
      change TEXT COLLATE "C" NOT NULL CHECK (change IN ('joined', 'left')),
      at BIGINT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS membership_history_by_team ON membership_history (team_id, user_id, at);
    INSERT INTO membership_history (team_id, user_id, change, at)
      SELECT t.id, u.id, CASE a.action WHEN 'member.add' THEN 'joined' ELSE 'left' END, a.at
        FROM audit a
        JOIN teams t ON t.id = (a.detail::jsonb ->> 'teamId')
        JOIN users u ON u.id = a.target
       WHERE a.action IN ('member.add', 'member.remove')
       ORDER BY a.id;
    INSERT INTO membership_history (team_id, user_id, change, at)
      SELECT m.team_id, m.user_id, 'joined', m.created_at FROM memberships m
       WHERE COALESCE((SELECT h.change FROM membership_history h
                        WHERE h.team_id = m.team_id AND h.user_id = m.user_id
                        ORDER BY h.at DESC, h.id DESC LIMIT 1), 'left') = 'left'
       ORDER BY m.created_at;
  `,
};
