import type { SqlDialect } from '../../db/sql';

/*
 * PostgreSQL's spelling of what differs from SQLite. Log payloads are stored as text in both engines
 * (the sync path hands them out as they are); the two redactions read them as jsonb for the edit.
 */
export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  inList: (column) => `${column} = ANY(?::text[])`,
  listParam: (values) => values,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  forUpdate: (alias) => ` FOR UPDATE OF ${alias}`,
  redactMessageEvents: `UPDATE stream_events SET payload = (jsonb_set(jsonb_set(jsonb_set(jsonb_set(payload::jsonb,
      '{message,body}', '""'), '{message,mentions}', '[]'), '{message,tags}', '[]'), '{message,reactions}', '{}')
      #- '{message,files}')::text
    WHERE stream_id = ? AND seq >= ? AND payload LIKE ? AND payload::jsonb #>> '{message,id}' = ?`,
  redactSnapshotEvents: `UPDATE stream_events SET payload = jsonb_set(payload::jsonb, '{promotion,snapshotBody}', '""')::text
    WHERE stream_id = ? AND type = 'promotion:changed' AND payload LIKE ?
      AND payload::jsonb #>> '{promotion,messageId}' = ?
      AND payload::jsonb #>> '{promotion,id}' IN (SELECT id FROM promotions WHERE message_id = ? AND state <> 'published')`,
  emptyPurgedCreations: `UPDATE stream_events SET payload = (payload::jsonb || '{"message": null}'::jsonb)::text
    WHERE stream_id = ? AND seq = ANY(?::bigint[]) AND type = 'message:created'`,
  // the payload is parsed once per row read (the sub-select), not once per condition
  emptyPurgedChanges: `UPDATE stream_events
    SET payload = ((payload::jsonb - 'reaction') || '{"message": null, "promotion": null}'::jsonb)::text
    WHERE stream_id = ? AND seq >= ? AND type <> 'message:created' AND type <> 'messages:purged'
      AND (SELECT j #>> '{message,id}' = ANY(?::text[]) OR j #>> '{reaction,messageId}' = ANY(?::text[])
             OR j #>> '{promotion,messageId}' = ANY(?::text[]) OR j #>> '{promotion,orgMessageId}' = ANY(?::text[])
             OR j #>> '{promotion,id}' = ANY(?::text[])
           FROM (SELECT payload::jsonb AS j) AS p)`,
};
