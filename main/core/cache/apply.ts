import type { Message, StreamEvent } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';
import { applyReactionChange, upsertMessage } from './messages';
import { removeDeliveredSend } from './outbox';
import { upsertPromotion } from './promotions';
import { applyPurge, wasPurged } from './purge';
import { advanceCursor, getCursor, setHeadSeq } from './streams';

/** What applying a batch of events did. */
export interface ApplyResult {
  /** Events applied (the cursor moved past them). */
  applied: number;
  /**
   * Events that changed what the UI shows. An event whose state the cache already holds (my own
   * send, stored from its ack a moment earlier) moves the cursor and nothing else.
   */
  changed: number;
  /** True when an event skipped ahead of the cursor: the stream must catch up. */
  gap: boolean;
  cursor: number;
}

/** Stores a message's state and settles my outbox entry for it; returns whether anything changed. Call inside a transaction. */
export function storeMessage(db: Db, myId: string, m: Message): boolean {
  const stored = upsertMessage(db, m);
  const settled = m.authorId === myId && removeDeliveredSend(db, m.clientId);
  return stored || settled;
}

function applyOne(db: Db, myId: string, e: StreamEvent): boolean {
  const message = e.message ? storeMessage(db, myId, e.message) : false;
  const promotion = e.promotion ? upsertPromotion(db, e.promotion) : false;
  // reaction:changed carries the change, not the message (older log entries carry the message)
  const reaction = e.reaction ? applyReactionChange(db, e.reaction) : false;
  // messages:purged: retention removed these messages on the server
  const purged = e.purge ? applyPurge(db, e.streamId, e.purge) : false;
  return message || promotion || reaction || purged;
}

/**
 * Applies one stream's events in ONE transaction, advancing the cursor in the same transaction.
 * Events at or below the cursor are skipped (applying twice is a no-op); the first event beyond
 * cursor+1 stops the batch and reports a gap.
 */
export function applyEvents(db: Db, myId: string, streamId: string, events: readonly StreamEvent[]): ApplyResult {
  return db.transaction((): ApplyResult => {
    const state = getCursor(db, streamId);
    if (!state) return { applied: 0, changed: 0, gap: false, cursor: 0 };
    let cursor = state.cursor;
    let applied = 0;
    let changed = 0;
    const sorted = [...events].filter((e) => e.streamId === streamId).sort((a, b) => a.seq - b.seq);
    for (const e of sorted) {
      if (e.seq <= cursor) continue;
      if (e.seq > cursor + 1) {
        if (applied > 0) advanceCursor(db, streamId, cursor);
        return { applied, changed, gap: true, cursor };
      }
      if (applyOne(db, myId, e)) changed += 1;
      cursor = e.seq;
      applied += 1;
    }
    if (applied > 0) advanceCursor(db, streamId, cursor);
    return { applied, changed, gap: false, cursor };
  })();
}

/**
 * Stores my own message from the ack of its send and settles its outbox row, in one transaction;
 * returns whether anything changed. The server's head is at least this message, so the stream's
 * known head moves too: the log event that follows on the same socket then finds everything in
 * place and changes nothing, so one send is written and announced once.
 */
export function storeAcked(db: Db, myId: string, m: Message): boolean {
  return db.transaction(() => {
    const changed = storeMessages(db, myId, [m]) > 0;
    setHeadSeq(db, m.streamId, m.seq);
    return changed;
  })();
}

/**
 * Stores messages that came outside the log (an ack, a history page), inserting only the ones the
 * cache lacks (and only for streams still cached), in one transaction; returns how many changed
 * something. A cached row came from the log, which is applied in order from the cursor, so it is never
 * older than what a response carried — while the response may be older than events that overtook it.
 */
export function storeMessages(db: Db, myId: string, messages: readonly Message[]): number {
  return db.transaction(() => {
    const known = stmt(db, 'SELECT 1 FROM messages WHERE id = ?');
    const cached = stmt(db, 'SELECT 1 FROM streams WHERE id = ?');
    let changed = 0;
    for (const m of messages) {
      // the stream may have been removed (and purged) while the request was out: keep nothing of it
      // nor a message retention purged after this answer left the server
      const inserted =
        known.get(m.id) === undefined &&
        cached.get(m.streamId) !== undefined &&
        !wasPurged(db, m.id) &&
        upsertMessage(db, m);
      const settled = m.authorId === myId && removeDeliveredSend(db, m.clientId);
      if (inserted || settled) changed += 1;
    }
    return changed;
  })();
}
