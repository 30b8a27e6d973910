import type { Migration } from '../../../../shared/storage/migrations';

/** As SQLite's 0040: the tag index and the added tags, kept equal to `messages.tags` by a trigger. */
export const migration0040: Migration = {
  version: 40,
  name: 'message-tags',
  up: `
    CREATE TABLE IF NOT EXISTS message_tags (
      message_id TEXT NOT NULL,
      tag TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      PRIMARY KEY (message_id, tag)
    );
    CREATE INDEX IF NOT EXISTS message_tags_by_tag ON message_tags (tag, message_id, stream_id);
    CREATE INDEX IF NOT EXISTS message_tags_by_stream ON message_tags (stream_id, tag);
    CREATE TABLE IF NOT EXISTS message_added_tags (
      message_id TEXT NOT NULL,
      tag TEXT NOT NULL,
      added_by TEXT NOT NULL,
      added_at BIGINT NOT NULL,
      PRIMARY KEY (message_id, tag)
    );

    CREATE OR REPLACE FUNCTION message_tags_index() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM message_tags WHERE message_id = OLD.id;
        DELETE FROM message_added_tags WHERE message_id = OLD.id;
        RETURN NULL;
      END IF;
      IF TG_OP = 'UPDATE' THEN
        DELETE FROM message_tags WHERE message_id = NEW.id;
        IF NEW.deleted_at IS NOT NULL THEN
          DELETE FROM message_added_tags WHERE message_id = NEW.id;
        END IF;
      END IF;
      INSERT INTO message_tags (message_id, tag, stream_id)
        SELECT NEW.id, t, NEW.stream_id FROM jsonb_array_elements_text(NEW.tags::jsonb) AS t
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END
    $$;
    CREATE OR REPLACE TRIGGER messages_tags_ai AFTER INSERT ON messages FOR EACH ROW WHEN (NEW.tags <> '[]')
      EXECUTE FUNCTION message_tags_index();
    CREATE OR REPLACE TRIGGER messages_tags_au AFTER UPDATE OF tags, deleted_at ON messages FOR EACH ROW
      WHEN (OLD.tags IS DISTINCT FROM NEW.tags OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
      EXECUTE FUNCTION message_tags_index();
    CREATE OR REPLACE TRIGGER messages_tags_ad AFTER DELETE ON messages FOR EACH ROW EXECUTE FUNCTION message_tags_index();

    INSERT INTO message_tags (message_id, tag, stream_id)
      SELECT m.id, t, m.stream_id FROM messages m, jsonb_array_elements_text(m.tags::jsonb) AS t WHERE m.tags <> '[]'
      ON CONFLICT DO NOTHING;
  `,
};
