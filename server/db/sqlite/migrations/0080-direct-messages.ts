import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Direct messages: a stream of kind `direct` with an explicit participant list. `direct_streams`
 * holds one row per conversation with its participant key (the sorted ids), unique per organization,
 * so the same people always reach the same conversation, even when two of them open it at once.
 *
 * SQLite cannot change a CHECK constraint in place, so `streams` is rebuilt. Foreign keys stay on
 * (they cannot be switched off inside the migration's transaction): with `defer_foreign_keys` the
 * rows that point at the dropped table wait until the rebuilt one holds the same ids again, and the
 * commit fails if any row would be left pointing nowhere.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'direct-messages',
  up: `
    CREATE TABLE streams_before_0080 AS SELECT id, org_id, kind, name, head_seq, created_at FROM streams;
    PRAGMA defer_foreign_keys = ON;
    DROP TABLE streams;
    CREATE TABLE streams (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      kind TEXT NOT NULL CHECK (kind IN ('team', 'org', 'direct')),
      name TEXT NOT NULL,
      head_seq INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL
    );
    INSERT INTO streams (id, org_id, kind, name, head_seq, created_at)
      SELECT id, org_id, kind, name, head_seq, created_at FROM streams_before_0080;
    DROP TABLE streams_before_0080;
    CREATE UNIQUE INDEX streams_one_org_stream ON streams (org_id) WHERE kind = 'org';
    CREATE TABLE direct_streams (
      stream_id TEXT PRIMARY KEY REFERENCES streams(id),
      org_id TEXT NOT NULL REFERENCES orgs(id),
      participant_key TEXT NOT NULL,
      UNIQUE (org_id, participant_key)
    ) WITHOUT ROWID;
    CREATE TABLE direct_participants (
      stream_id TEXT NOT NULL REFERENCES streams(id),
      user_id TEXT NOT NULL REFERENCES users(id),
      PRIMARY KEY (stream_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX direct_participants_by_user ON direct_participants (user_id, stream_id);
  `,
};
