import type { Message, Promotion, ReactionChange, StreamEvent, StreamEventType } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { allocateSeq, insertEvent } from '../repositories/streams.repository';
import type { Effects } from './effects';

/**
 * Appends one entry to a stream's log and queues it for live delivery. Must run inside the
 * transaction that made the change, so seq numbers stay gap-free and match committed state.
 */
export function appendEvent(
  db: Db,
  effects: Effects,
  entry: {
    streamId: string;
    type: StreamEventType;
    actorId: string;
    at: number;
    message: Message | null;
    promotion?: Promotion | null;
    /** `reaction:changed` only: the change itself, with `message` null. */
    reaction?: ReactionChange;
    /** Pass when the seq was already allocated (a new message's seq is its creation event's). */
    seq?: number;
  },
): void {
  const event: StreamEvent = {
    streamId: entry.streamId,
    seq: entry.seq ?? allocateSeq(db, entry.streamId),
    type: entry.type,
    at: entry.at,
    actorId: entry.actorId,
    message: entry.message,
    promotion: entry.promotion ?? null,
    ...(entry.reaction ? { reaction: entry.reaction } : {}),
  };
  insertEvent(db, event);
  effects.events.push(event);
}
