import type { Migration } from '../../../../shared/storage/migrations';

/**
 * Server-side search: an FTS5 index over message bodies, external content (the bodies stay only in
 * `messages`), kept by triggers so sends, edits and tombstones update it in their own transaction.
 * English stemming (porter) over unicode61 with diacritics folded, as the client cache folds them.
 * The index is keyed by `messages`' implicit rowid: a VACUUM may renumber those, so run
 * `INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')` after one (docs/server.md).
 * Written to run again harmlessly (a database rewound to an older version re-applies it).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'search',
  up: `
    CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(
      body, content='messages', tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER IF NOT EXISTS messages_fts_ai AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
    END;
    CREATE TRIGGER IF NOT EXISTS messages_fts_ad AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
    END;
    CREATE TRIGGER IF NOT EXISTS messages_fts_au AFTER UPDATE OF body ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
      INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
    END;
    INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
  `,
};
