import type { Migration } from '../../../../shared/storage/migrations';

/** The Flowdock event of an integration's post: the same column and index as SQLite's migration 130. */
export const migration0130: Migration = {
  version: 130,
  name: 'integration-events',
  up: `
    ALTER TABLE messages ADD COLUMN integration_event TEXT;
    CREATE INDEX integration_threads_by_root ON integration_threads (root_message_id);
  `,
};
