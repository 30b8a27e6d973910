import type { Migration } from '../../../../shared/storage/migrations';

/*
 * Guidelines, acknowledged (docs/governance.md). `scope_id` is the team's id for a team's guidelines
 * and the organization's id for the organization's (both UUIDs, so they never collide), which keeps
 * one primary key for both kinds. Every published version stays; acknowledgements keep every version
 * a user acknowledged, so "who acknowledged which version" survives later versions.
 */
export const migration0110: Migration = {
  version: 110,
  name: 'guidelines',
  up: `
    CREATE TABLE IF NOT EXISTS guideline_versions (
      scope_id TEXT NOT NULL,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      team_id TEXT REFERENCES teams(id),
      version INTEGER NOT NULL CHECK (version > 0),
      body TEXT NOT NULL,
      published_by TEXT NOT NULL REFERENCES users(id),
      published_at INTEGER NOT NULL,
      PRIMARY KEY (scope_id, version)
    );
    CREATE TABLE IF NOT EXISTS guideline_settings (
      team_id TEXT PRIMARY KEY REFERENCES teams(id),
      require_ack INTEGER NOT NULL CHECK (require_ack IN (0, 1)),
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS guideline_acks (
      scope_id TEXT NOT NULL,
      user_id TEXT NOT NULL REFERENCES users(id),
      version INTEGER NOT NULL,
      acknowledged_at INTEGER NOT NULL,
      PRIMARY KEY (scope_id, user_id, version)
    );
  `,
};
