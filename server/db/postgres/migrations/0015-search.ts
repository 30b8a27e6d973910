import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Server-side search: a stored tsvector of every body under both languages of the interface, English
 * and Finnish (a message's language is not known, and each configuration stems the other language's
 * words harmlessly), with a GIN index; a search matches when its query matches under either. Being a
 * generated column, edits and tombstones (empty body) update it in their own transaction. The
 * (created_at, id) index serves the newest-first order and lets broad queries stop early.
 * Written to run again harmlessly (a database rewound to an older version re-applies it).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'search',
  up: `
    ALTER TABLE messages ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS
      (to_tsvector('english'::regconfig, body) || to_tsvector('finnish'::regconfig, body)) STORED;
    CREATE INDEX IF NOT EXISTS messages_search ON messages USING GIN (search_vector);
    CREATE INDEX IF NOT EXISTS messages_newest ON messages (created_at, id);
  `,
};
