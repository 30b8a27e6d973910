import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0080: streams of kind `direct`, one per set of participants within an organization. */
export const migration0080: Migration = {
  version: 80,
  name: 'direct-messages',
  up: `
    ALTER TABLE streams DROP CONSTRAINT IF EXISTS streams_kind_check;
    ALTER TABLE streams ADD CONSTRAINT streams_kind_check CHECK (kind IN ('team', 'org', 'direct'));
    CREATE TABLE IF NOT EXISTS direct_streams (
      stream_id TEXT COLLATE "C" PRIMARY KEY REFERENCES streams(id),
      org_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(id),
      participant_key TEXT COLLATE "C" NOT NULL,
      UNIQUE (org_id, participant_key)
    );
    CREATE TABLE IF NOT EXISTS direct_participants (
      stream_id TEXT COLLATE "C" NOT NULL REFERENCES streams(id),
      user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
      PRIMARY KEY (stream_id, user_id)
    );
    CREATE INDEX IF NOT EXISTS direct_participants_by_user ON direct_participants (user_id, stream_id);
  `,
};
