import type { Migration } from '../../../../shared/storage/migrations';

/*
 * Tag views: `message_tags` indexes every tag of every message (its body's and the added ones, i.e.
 * the `tags` column) by tag and by stream; `message_added_tags` remembers which tags were added after
 * posting, by whom, so an edit of the body keeps them. Triggers keep the index equal to the column
 * on every write path (send, edit, tagging, deletion, publishing a copy, the demo seed), so none of
 * them has to remember it. A tombstone (tags emptied, deleted_at set) drops both.
 * Everything is IF NOT EXISTS, so running it again (a test replays migrations from an older version) is harmless.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'message-tags',
  up: `
    CREATE TABLE IF NOT EXISTS message_tags (
      message_id TEXT NOT NULL,
      tag TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      PRIMARY KEY (message_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS message_tags_by_tag ON message_tags (tag, message_id, stream_id);
    CREATE INDEX IF NOT EXISTS message_tags_by_stream ON message_tags (stream_id, tag);
    CREATE TABLE IF NOT EXISTS message_added_tags (
      message_id TEXT NOT NULL,
      tag TEXT NOT NULL,
      added_by TEXT NOT NULL,
      added_at INTEGER NOT NULL,
      PRIMARY KEY (message_id, tag)
    ) WITHOUT ROWID;

    CREATE TRIGGER IF NOT EXISTS messages_tags_ai AFTER INSERT ON messages WHEN new.tags <> '[]' BEGIN
      INSERT OR IGNORE INTO message_tags (message_id, tag, stream_id)
        SELECT new.id, value, new.stream_id FROM json_each(new.tags);
    END;
    CREATE TRIGGER IF NOT EXISTS messages_tags_au AFTER UPDATE OF tags ON messages WHEN old.tags IS NOT new.tags BEGIN
      DELETE FROM message_tags WHERE message_id = new.id;
      INSERT OR IGNORE INTO message_tags (message_id, tag, stream_id)
        SELECT new.id, value, new.stream_id FROM json_each(new.tags);
    END;
    CREATE TRIGGER IF NOT EXISTS messages_added_tags_deleted AFTER UPDATE OF deleted_at ON messages
    WHEN new.deleted_at IS NOT NULL BEGIN
      DELETE FROM message_added_tags WHERE message_id = new.id;
    END;
    CREATE TRIGGER IF NOT EXISTS messages_tags_ad AFTER DELETE ON messages BEGIN
      DELETE FROM message_tags WHERE message_id = old.id;
      DELETE FROM message_added_tags WHERE message_id = old.id;
    END;

    INSERT OR IGNORE INTO message_tags (message_id, tag, stream_id)
      SELECT m.id, j.value, m.stream_id FROM messages m, json_each(m.tags) j WHERE m.tags <> '[]';
  `,
};
