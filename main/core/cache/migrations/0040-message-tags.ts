import type { Migration } from './index';

/*
 * The cache's tag index, so a tag view and a stream's top tags work offline without reading every
 * cached message's JSON: one row per (message, tag) of the messages the cache holds, kept equal to
 * `messages.tags` by triggers on every write path (events, catch-up, acks, history pages, purges).
 * Deleted messages carry no tags, so they drop out by themselves.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'message-tags',
  up: `
    CREATE TABLE message_tags (
      message_id TEXT NOT NULL,
      tag TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      PRIMARY KEY (message_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX message_tags_by_tag ON message_tags (tag, message_id);
    CREATE INDEX message_tags_by_stream ON message_tags (stream_id, tag);

    CREATE TRIGGER messages_tags_ai AFTER INSERT ON messages WHEN new.tags <> '[]' BEGIN
      INSERT OR IGNORE INTO message_tags (message_id, tag, stream_id)
        SELECT new.id, value, new.stream_id FROM json_each(new.tags);
    END;
    CREATE TRIGGER messages_tags_au AFTER UPDATE OF id, tags, stream_id ON messages
    WHEN old.tags IS NOT new.tags OR old.id IS NOT new.id OR old.stream_id IS NOT new.stream_id BEGIN
      DELETE FROM message_tags WHERE message_id = old.id;
      INSERT OR IGNORE INTO message_tags (message_id, tag, stream_id)
        SELECT new.id, value, new.stream_id FROM json_each(new.tags);
    END;
    CREATE TRIGGER messages_tags_ad AFTER DELETE ON messages WHEN old.tags <> '[]' BEGIN
      DELETE FROM message_tags WHERE message_id = old.id;
    END;

    INSERT OR IGNORE INTO message_tags (message_id, tag, stream_id)
      SELECT m.id, j.value, m.stream_id FROM messages m, json_each(m.tags) j WHERE m.tags <> '[]';
  `,
};
