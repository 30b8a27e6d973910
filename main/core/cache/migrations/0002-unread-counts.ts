import type { Migration } from './index';

/*
 * Unread and mention counts kept per stream, so listing streams reads 200 rows instead of counting
 * up to every cached message (9.3 s at 1M unread). Triggers keep them exact on every write path —
 * events, catch-up pages, acks, history pages, edits, deletions, purges, read-marker moves — because
 * they sit below all of them. "Unread" is a message by someone else after the stream's last_read_seq
 * and not deleted; a "mention" is such a message whose mentions name me. "Me" is the signed-in user
 * the sync engine stores under account.user at every hello (the cache belongs to one user); if that
 * ever names another id, every stream is recounted.
 */

/** The signed-in user's id, as the triggers read it. */
const ME = `(SELECT json_extract(value, '$.id') FROM account WHERE key = 'user')`;

/** Whether a row (`new` or `old`) counts as unread, leaving aside the read marker. */
const COUNTS = (row: string): string => `${row}.deleted_at IS NULL AND ${row}.author_id IS NOT ${ME}`;

/** 1 when a row's mentions name me, else 0. */
const MENTIONS_ME = (row: string): string =>
  `(${row}.mentions <> '[]' AND EXISTS (SELECT 1 FROM json_each(${row}.mentions) WHERE value = ${ME}))`;

/**
 * A count (a scan, used only to recount) of stream `s`'s unread messages with `lo` < seq (<= `hi` when
 * given); with `mentions`, only those that mention me.
 */
const COUNT = (s: string, lo: string, hi: string | null, mentions: boolean): string =>
  `(SELECT COUNT(*) FROM messages m WHERE m.stream_id = ${s} AND m.seq > ${lo}${hi === null ? '' : ` AND m.seq <= ${hi}`}
      AND ${COUNTS('m')}${mentions ? ` AND ${MENTIONS_ME('m')}` : ''})`;

/** Recounts the streams a WHERE clause selects from their messages. */
const RECOUNT = (where: string): string => `UPDATE streams SET
    unread_count = ${COUNT('streams.id', 'streams.last_read_seq', null, false)},
    mention_count = ${COUNT('streams.id', 'streams.last_read_seq', null, true)}
    ${where};`;

/** A read marker move: nothing left when it passes the newest cached message, else the range crossed. */
const AFTER_READ_MOVE = (column: string, mentions: boolean): string => {
  const lo = 'MIN(old.last_read_seq, new.last_read_seq)';
  const hi = 'MAX(old.last_read_seq, new.last_read_seq)';
  const sign = 'CASE WHEN new.last_read_seq > old.last_read_seq THEN -1 ELSE 1 END';
  return `${column} = CASE
      WHEN new.last_read_seq >= COALESCE((SELECT MAX(seq) FROM messages WHERE stream_id = new.id), 0) THEN 0
      ELSE ${column} + ${sign} * ${COUNT('new.id', lo, hi, mentions)} END`;
};

/** Streams get `unread_count` and `mention_count`, kept by triggers; existing caches are counted once. */
export const migration0002: Migration = {
  version: 2,
  name: 'unread-counts',
  up: `
    ALTER TABLE streams ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE streams ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;

    CREATE TRIGGER messages_unread_ai AFTER INSERT ON messages WHEN ${COUNTS('new')} BEGIN
      UPDATE streams SET unread_count = unread_count + 1, mention_count = mention_count + ${MENTIONS_ME('new')}
      WHERE id = new.stream_id AND last_read_seq < new.seq;
    END;
    CREATE TRIGGER messages_unread_ad AFTER DELETE ON messages WHEN ${COUNTS('old')} BEGIN
      UPDATE streams SET unread_count = unread_count - 1, mention_count = mention_count - ${MENTIONS_ME('old')}
      WHERE id = old.stream_id AND last_read_seq < old.seq;
    END;
    CREATE TRIGGER messages_unread_au AFTER UPDATE OF stream_id, seq, author_id, deleted_at, mentions ON messages
    WHEN old.stream_id IS NOT new.stream_id OR old.seq IS NOT new.seq OR old.author_id IS NOT new.author_id
      OR old.deleted_at IS NOT new.deleted_at OR old.mentions IS NOT new.mentions BEGIN
      UPDATE streams SET unread_count = unread_count - 1, mention_count = mention_count - ${MENTIONS_ME('old')}
      WHERE id = old.stream_id AND last_read_seq < old.seq AND ${COUNTS('old')};
      UPDATE streams SET unread_count = unread_count + 1, mention_count = mention_count + ${MENTIONS_ME('new')}
      WHERE id = new.stream_id AND last_read_seq < new.seq AND ${COUNTS('new')};
    END;

    CREATE TRIGGER streams_unread_read AFTER UPDATE OF last_read_seq ON streams
    WHEN new.last_read_seq IS NOT old.last_read_seq BEGIN
      UPDATE streams SET ${AFTER_READ_MOVE('unread_count', false)}, ${AFTER_READ_MOVE('mention_count', true)}
      WHERE id = new.id;
    END;
    -- a stream row arriving after its messages (normally there are none yet: an index probe)
    CREATE TRIGGER streams_unread_ai AFTER INSERT ON streams BEGIN
      ${RECOUNT('WHERE id = new.id')}
    END;

    CREATE TRIGGER account_unread_owner_ai AFTER INSERT ON account WHEN new.key = 'user' BEGIN
      ${RECOUNT('')}
    END;
    CREATE TRIGGER account_unread_owner_au AFTER UPDATE ON account
    WHEN new.key = 'user' AND json_extract(old.value, '$.id') IS NOT json_extract(new.value, '$.id') BEGIN
      ${RECOUNT('')}
    END;
    CREATE TRIGGER account_unread_owner_ad AFTER DELETE ON account WHEN old.key = 'user' BEGIN
      ${RECOUNT('')}
    END;

    ${RECOUNT('')}
  `,
};
