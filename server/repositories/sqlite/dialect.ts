import type { SqlDialect } from '../../db/sql';

/** SQLite's spelling of what differs from PostgreSQL: JSON1 functions and `json_each` lists. */
export const SQLITE_DIALECT: SqlDialect = {
  name: 'sqlite',
  inList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  listParam: (values) => JSON.stringify(values),
  greatest: (a, b) => `MAX(${a}, ${b})`,
  // A write transaction holds the database's only write lock already (BEGIN IMMEDIATE).
  forUpdate: () => '',
  redactMessageEvents: `UPDATE stream_events SET payload = json_remove(json_set(payload, '$.message.body', '',
      '$.message.mentions', json('[]'), '$.message.tags', json('[]'), '$.message.reactions', json('{}')),
      '$.message.files')
    WHERE stream_id = ? AND seq >= ? AND payload LIKE ? AND json_extract(payload, '$.message.id') = ?`,
  redactSnapshotEvents: `UPDATE stream_events SET payload = json_set(payload, '$.promotion.snapshotBody', '')
    WHERE stream_id = ? AND type = 'promotion:changed' AND payload LIKE ?
      AND json_extract(payload, '$.promotion.messageId') = ?
      AND json_extract(payload, '$.promotion.id') IN (SELECT id FROM promotions WHERE message_id = ? AND state <> 'published')`,
  emptyPurgedCreations: `UPDATE stream_events SET payload = json_set(payload, '$.message', json('null'))
    WHERE stream_id = ? AND seq IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) AND type = 'message:created'`,
  // without the hint the planner walks the primary key, reading every creation after the first seq
  emptyPurgedChanges: `UPDATE stream_events INDEXED BY stream_events_changes
    SET payload = json_remove(json_set(payload, '$.message', json('null'), '$.promotion', json('null')), '$.reaction')
    WHERE stream_id = ? AND seq >= ? AND type <> 'message:created' AND type <> 'messages:purged'
      AND (json_extract(payload, '$.message.id') IN (SELECT value FROM json_each(?))
        OR json_extract(payload, '$.reaction.messageId') IN (SELECT value FROM json_each(?))
        OR json_extract(payload, '$.promotion.messageId') IN (SELECT value FROM json_each(?))
        OR json_extract(payload, '$.promotion.orgMessageId') IN (SELECT value FROM json_each(?))
        OR json_extract(payload, '$.promotion.id') IN (SELECT value FROM json_each(?)))`,
};
