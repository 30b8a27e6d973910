import type { Migration } from '../../../../shared/storage/migrations';

/** Integrations (Flowdock's sources): the same tables and columns as SQLite's migration 100. */
export const migration0100: Migration = {
  version: 100,
  name: 'integrations',
  up: `
    CREATE TABLE integrations (
      id TEXT COLLATE "C" PRIMARY KEY,
      org_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(id),
      stream_id TEXT COLLATE "C" NOT NULL REFERENCES streams(id),
      name TEXT NOT NULL,
      avatar_url TEXT,
      token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
      created_by TEXT COLLATE "C" NOT NULL REFERENCES users(id),
      created_at BIGINT NOT NULL,
      revoked_at BIGINT
    );
    CREATE INDEX integrations_by_stream ON integrations (stream_id, created_at);
    CREATE TABLE integration_threads (
      integration_id TEXT COLLATE "C" NOT NULL REFERENCES integrations(id),
      external_thread_id TEXT NOT NULL,
      root_message_id TEXT COLLATE "C" NOT NULL REFERENCES messages(id),
      thread TEXT NOT NULL,
      PRIMARY KEY (integration_id, external_thread_id)
    );
    ALTER TABLE messages ADD COLUMN integration_id TEXT COLLATE "C" REFERENCES integrations(id);
    ALTER TABLE messages ADD COLUMN external_author TEXT;
  `,
};
