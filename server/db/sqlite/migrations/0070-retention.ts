import type { Migration } from '../../../../shared/storage/migrations';

/*
 * Retention and legal hold (docs/governance.md): retention periods per organization (team_id '') and
 * per team, legal holds on users or teams (released ones kept for the record), and leases that let
 * one node at a time run a scheduled job. The (stream_id, created_at) index finds expired messages.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'retention',
  up: `
    CREATE TABLE IF NOT EXISTS retention_policies (
      org_id TEXT NOT NULL REFERENCES orgs(id),
      team_id TEXT NOT NULL DEFAULT '',
      days INTEGER CHECK (days IS NULL OR days > 0),
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (org_id, team_id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS legal_holds (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      user_id TEXT REFERENCES users(id),
      team_id TEXT REFERENCES teams(id),
      reason TEXT NOT NULL,
      created_by TEXT,
      created_at INTEGER NOT NULL,
      released_by TEXT,
      released_at INTEGER,
      CHECK ((user_id IS NULL) <> (team_id IS NULL))
    );
    CREATE INDEX IF NOT EXISTS legal_holds_active_users ON legal_holds (user_id) WHERE released_at IS NULL;
    CREATE INDEX IF NOT EXISTS legal_holds_active_teams ON legal_holds (team_id) WHERE released_at IS NULL;
    CREATE TABLE IF NOT EXISTS job_leases (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS messages_by_stream_created ON messages (stream_id, created_at);
    CREATE INDEX IF NOT EXISTS promotions_by_message ON promotions (message_id);
    CREATE INDEX IF NOT EXISTS promotions_by_org_message ON promotions (org_message_id) WHERE org_message_id IS NOT NULL;
  `,
};
