import type { Message, StreamEvent } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';
import { applyReactionChange, upsertMessage } from './messages';
import { removeDeliveredSend } from './outbox';
import { upsertPromotion } from './promotions';
import { advanceCursor, getCursor } from './streams';

/** What applying a batch of events did. */
export interface ApplyResult {
  applied: number;
  /** True when an event skipped ahead of the cursor: the stream must catch up. */
  gap: boolean;
  cursor: number;
}

/** Stores a message's state and settles my outbox entry for it. Call inside a transaction. */
export function storeMessage(db: Db, myId: string, m: Message): void {
  upsertMessage(db, m);
  if (m.authorId === myId) removeDeliveredSend(db, m.clientId);
}

function applyOne(db: Db, myId: string, e: StreamEvent): void {
  if (e.message) storeMessage(db, myId, e.message);
  if (e.promotion) upsertPromotion(db, e.promotion);
  // reaction:changed carries the change, not the message (older log entries carry the message)
  if (e.reaction) applyReactionChange(db, e.reaction);
}

/**
 * Applies one stream's events in ONE transaction, advancing the cursor in the same transaction.
 * Events at or below the cursor are skipped (applying twice is a no-op); the first event beyond
 * cursor+1 stops the batch and reports a gap.
 */
export function applyEvents(db: Db, myId: string, streamId: string, events: readonly StreamEvent[]): ApplyResult {
  return db.transaction((): ApplyResult => {
    const state = getCursor(db, streamId);
    if (!state) return { applied: 0, gap: false, cursor: 0 };
    let cursor = state.cursor;
    let applied = 0;
    const sorted = [...events].filter((e) => e.streamId === streamId).sort((a, b) => a.seq - b.seq);
    for (const e of sorted) {
      if (e.seq <= cursor) continue;
      if (e.seq > cursor + 1) {
        if (applied > 0) advanceCursor(db, streamId, cursor);
        return { applied, gap: true, cursor };
      }
      applyOne(db, myId, e);
      cursor = e.seq;
      applied += 1;
    }
    if (applied > 0) advanceCursor(db, streamId, cursor);
    return { applied, gap: false, cursor };
  })();
}

/**
 * Stores a message that came outside the log (an ack, a history page) and settles its outbox row, in
 * one transaction. Only a message the cache lacks is written: a cached row came from the log, which
 * is applied in order from the cursor, so it is never older than what a response carried — while the
 * response may be older than events that overtook it.
 */
export function storeAcked(db: Db, myId: string, m: Message): void {
  storeMessages(db, myId, [m]);
}

/**
 * Stores messages that came outside the log, inserting only the ones the cache lacks (and only for
 * streams still cached), in one transaction.
 */
export function storeMessages(db: Db, myId: string, messages: readonly Message[]): void {
  db.transaction(() => {
    const known = stmt(db, 'SELECT 1 FROM messages WHERE id = ?');
    const cached = stmt(db, 'SELECT 1 FROM streams WHERE id = ?');
    for (const m of messages) {
      // the stream may have been removed (and purged) while the request was out: keep nothing of it
      if (known.get(m.id) === undefined && cached.get(m.streamId) !== undefined) upsertMessage(db, m);
      if (m.authorId === myId) removeDeliveredSend(db, m.clientId);
    }
  })();
}
