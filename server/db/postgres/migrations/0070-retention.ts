import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0070: retention periods, legal holds, job leases, and the index that finds expired messages. */
export const migration0070: Migration = {
  version: 70,
  name: 'retention',
  up: `
    CREATE TABLE IF NOT EXISTS retention_policies (
      org_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(id),
      team_id TEXT COLLATE "C" NOT NULL DEFAULT '',
      days INTEGER CHECK (days IS NULL OR days > 0),
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (org_id, team_id)
    );
    CREATE TABLE IF NOT EXISTS legal_holds (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(id),
      user_id TEXT COLLATE "C" REFERENCES users(id),
      team_id TEXT COLLATE "C" REFERENCES teams(id),
      reason TEXT NOT NULL,
      created_by TEXT COLLATE "C",
      created_at BIGINT NOT NULL,
      released_by TEXT COLLATE "C",
      released_at BIGINT,
      CHECK ((user_id IS NULL) <> (team_id IS NULL))
    );
    CREATE INDEX IF NOT EXISTS legal_holds_active_users ON legal_holds (user_id) WHERE released_at IS NULL;
    CREATE INDEX IF NOT EXISTS legal_holds_active_teams ON legal_holds (team_id) WHERE released_at IS NULL;
    CREATE TABLE IF NOT EXISTS job_leases (
      name TEXT COLLATE "C" PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS messages_by_stream_created ON messages (stream_id, created_at);
    CREATE INDEX IF NOT EXISTS promotions_by_message ON promotions (message_id);
    CREATE INDEX IF NOT EXISTS promotions_by_org_message ON promotions (org_message_id) WHERE org_message_id IS NOT NULL;
  `,
};
