import type { Migration } from './index';

/*
 * Messages the server's retention purged (docs/governance.md#retention-and-legal-hold), by id: a
 * history page or search answer that left the server before the purge may still carry them, and
 * must not bring them back after the `messages:purged` log entry removed them.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'purged-messages',
  up: `
    CREATE TABLE purged_messages (
      id TEXT PRIMARY KEY,
      stream_id TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX purged_messages_by_stream ON purged_messages (stream_id);
  `,
};
