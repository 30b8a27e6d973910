import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0071: expired messages newest first without a sort, and log entries that are not creations. */
export const migration0071: Migration = {
  version: 71,
  name: 'retention-indexes',
  up: `
    DROP INDEX IF EXISTS messages_by_stream_created;
    CREATE INDEX IF NOT EXISTS messages_expiry ON messages (stream_id, created_at, seq);
    CREATE INDEX IF NOT EXISTS stream_events_changes ON stream_events (stream_id, seq) WHERE type <> 'message:created';
  `,
};
