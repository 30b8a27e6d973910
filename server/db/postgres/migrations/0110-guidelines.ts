import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0110: guideline versions, the team requirement setting, acknowledgements. */
export const migration0110: Migration = {
  version: 110,
  name: 'guidelines',
  up: `
    CREATE TABLE IF NOT EXISTS guideline_versions (
      scope_id TEXT COLLATE "C" NOT NULL,
      org_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(id),
      team_id TEXT COLLATE "C" REFERENCES teams(id),
      version INTEGER NOT NULL CHECK (version > 0),
      body TEXT NOT NULL,
      published_by TEXT COLLATE "C" NOT NULL REFERENCES users(id),
      published_at BIGINT NOT NULL,
      PRIMARY KEY (scope_id, version)
    );
    CREATE TABLE IF NOT EXISTS guideline_settings (
      team_id TEXT COLLATE "C" PRIMARY KEY REFERENCES teams(id),
      require_ack INTEGER NOT NULL CHECK (require_ack IN (0, 1)),
      updated_at BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS guideline_acks (
      scope_id TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
      version INTEGER NOT NULL,
      acknowledged_at BIGINT NOT NULL,
      PRIMARY KEY (scope_id, user_id, version)
    );
  `,
};
