/*
 * Applying a `messages:purged` log entry (docs/governance.md#retention-and-legal-hold): the server's
 * retention removed these messages for good, so the cache removes them too, with everything that
 * hangs on them here: the FTS rows, tag rows and unread counts (by the triggers on `messages`), the
 * promotions of those messages, and outbox items that reply to or propose one of them.
 */
import type { Purge } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';

/** Applies one purge; returns whether the cache changed. Call inside the transaction that moves the cursor. */
export function applyPurge(db: Db, streamId: string, purge: Purge): boolean {
  const ids = JSON.stringify(purge.messageIds);
  let changed = stmt(db, 'DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))').run(ids).changes;
  const remember = stmt(db, 'INSERT OR IGNORE INTO purged_messages (id, stream_id) VALUES (?, ?)');
  for (const id of purge.messageIds) remember.run(id, streamId);
  const count = stmt(db, 'UPDATE messages SET reply_count = ? WHERE id = ? AND reply_count <> ?');
  for (const root of purge.threadRoots) changed += count.run(root.replyCount, root.messageId, root.replyCount).changes;
  const promotions = JSON.stringify(purge.promotionIds);
  const gone = `SELECT id FROM promotions WHERE id IN (SELECT value FROM json_each(?))
    OR message_id IN (SELECT value FROM json_each(?))`;
  stmt(db, `DELETE FROM promotion_scopes WHERE promotion_id IN (${gone})`).run(promotions, ids);
  changed += stmt(db, `DELETE FROM promotions WHERE id IN (${gone})`).run(promotions, ids).changes;
  // a reply to a purged message, or a proposal of one, can never be delivered
  changed += stmt(
    db,
    `DELETE FROM outbox WHERE thread_root_id IN (SELECT value FROM json_each(?))
       OR message_id IN (SELECT value FROM json_each(?))`,
  ).run(ids, ids).changes;
  return changed > 0;
}

/** Whether retention purged this message (so an answer that left the server earlier must not bring it back). */
export function wasPurged(db: Db, messageId: string): boolean {
  return stmt(db, 'SELECT 1 FROM purged_messages WHERE id = ?').get(messageId) !== undefined;
}

/** Forgets the purged ids of a stream the cache no longer holds. */
export function forgetPurged(db: Db, streamId: string): void {
  stmt(db, 'DELETE FROM purged_messages WHERE stream_id = ?').run(streamId);
}
