import type { Migration } from '../../../../shared/storage/migrations';

/**
 * The Flowdock event an integration's post was (`activity`, `discussion` or `message`), so the
 * Flowdock-compatible API shows it back as that event; null for everything else (and for posts from
 * before this migration, and thread roots). Threads are found by their root, for reading an entry's
 * `external_thread_id` and `thread` back.
 */
export const migration0130: Migration = {
  version: 130,
  name: 'integration-events',
  up: `
    ALTER TABLE messages ADD COLUMN integration_event TEXT;
    CREATE INDEX integration_threads_by_root ON integration_threads (root_message_id);
  `,
};
