import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Integrations (Flowdock's sources): a tool that posts into one team stream with a flow token,
 * stored by SHA-256 only, like API tokens. `integration_threads` maps the tool's
 * `external_thread_id` to the thread root it created, with the thread's latest state (title,
 * status, fields…) that the root's body is drawn from. A message posted by an integration names it
 * in `integration_id` and the external person in `external_author`.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'integrations',
  up: `
    CREATE TABLE integrations (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES orgs(id),
      stream_id TEXT NOT NULL REFERENCES streams(id),
      name TEXT NOT NULL,
      avatar_url TEXT,
      token_hash TEXT NOT NULL UNIQUE,
      created_by TEXT NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE INDEX integrations_by_stream ON integrations (stream_id, created_at);
    CREATE TABLE integration_threads (
      integration_id TEXT NOT NULL REFERENCES integrations(id),
      external_thread_id TEXT NOT NULL,
      root_message_id TEXT NOT NULL REFERENCES messages(id),
      thread TEXT NOT NULL,
      PRIMARY KEY (integration_id, external_thread_id)
    ) WITHOUT ROWID;
    ALTER TABLE messages ADD COLUMN integration_id TEXT REFERENCES integrations(id);
    ALTER TABLE messages ADD COLUMN external_author TEXT;
  `,
};
