import type { Migration } from '../../../../shared/storage/migrations';

/*
 * Indexes that make a retention backlog cost close to linear (0070 had shipped to main when they
 * were measured, so they come as a step of their own): expired messages are walked newest first
 * through (stream_id, created_at, seq) without sorting them all for every batch, and the partial
 * index of log entries that are not creations lets a purge empty the edits, reactions and promotion
 * entries that carried a purged message without reading every creation after it.
 */
export const migration0071: Migration = {
  version: 71,
  name: 'retention-indexes',
  up: `
    DROP INDEX IF EXISTS messages_by_stream_created;
    CREATE INDEX IF NOT EXISTS messages_expiry ON messages (stream_id, created_at, seq);
    CREATE INDEX IF NOT EXISTS stream_events_changes ON stream_events (stream_id, seq) WHERE type <> 'message:created';
  `,
};
